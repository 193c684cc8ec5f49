-- Hands back the one take of key @key named by its token. Inputs: @key @taken_at (Unix microseconds) @id (its rowid).
-- Guard: all three must match, so a take already released or pruned is a no-op (idempotent) and no other take is
-- removed in its place. One statement in its own BEGIN IMMEDIATE transaction, in turn with the key's takes.
DELETE FROM conveyor_rate_takes
WHERE rowid = @id AND key = @key AND taken_at = @taken_at;
