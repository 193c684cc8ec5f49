-- Takes one execution from key @key's limit at @now. Inputs: @key @now (Unix microseconds) @limit. Guard: the key
-- keeps fewer than @limit takes (rate_prune has just removed those out of the window); otherwise no row is inserted
-- and the take is refused. Runs in the BEGIN IMMEDIATE transaction of rate_prune.
INSERT INTO conveyor_rate_takes (key, taken_at)
SELECT @key, @now
WHERE (SELECT count(*) FROM conveyor_rate_takes WHERE key = @key) < @limit;
