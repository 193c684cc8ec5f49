-- Forgets key @key's takes that have left its window. Inputs: @key @since (now − period, Unix microseconds) @limit.
-- Deletes the takes at or before @since, and any beyond the newest @limit (the limit was lowered). Runs in the
-- BEGIN IMMEDIATE transaction of the take (rate_take, rate_oldest).
DELETE FROM conveyor_rate_takes
WHERE key = @key
  AND (taken_at <= @since
       OR rowid NOT IN (SELECT rowid FROM conveyor_rate_takes WHERE key = @key ORDER BY taken_at DESC, rowid DESC LIMIT @limit));
