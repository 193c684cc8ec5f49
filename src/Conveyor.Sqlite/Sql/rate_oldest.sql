-- The oldest take key @key keeps (Unix microseconds), read after a refused rate_take in its transaction. Input: @key.
SELECT min(taken_at) FROM conveyor_rate_takes WHERE key = @key;
