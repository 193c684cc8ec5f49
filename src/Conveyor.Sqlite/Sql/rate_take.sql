-- Takes one execution from key @key's limit at @now. Inputs: @key @now (Unix microseconds) @limit @id (the take's
-- random 63-bit rowid, drawn by the store: with @now its token, so a released take's rowid is never handed to a later
-- take, as SQLite's own next rowid could be). Guard: the key keeps fewer than @limit takes (rate_prune has just
-- removed those out of the window); otherwise no row is inserted and the take is refused. Runs in the BEGIN
-- IMMEDIATE transaction of rate_prune.
INSERT INTO conveyor_rate_takes (rowid, key, taken_at)
SELECT @id, @key, @now
WHERE (SELECT count(*) FROM conveyor_rate_takes WHERE key = @key) < @limit;
