-- Hands back the one take of key @key named by its token. Inputs: @key @taken_at @id (the row take_rate_limit.sql
-- inserted). Guard: all three must match, and ids are never reused, so a take already released or pruned is a no-op
-- (idempotent) and no other take is removed in its place. One statement: the primary key (key, taken_at, id) finds the
-- row; a take racing on the key's advisory lock sees the delete once it commits, or counts the row still kept (the
-- safe side: one refusal too many, never one take too many).
DELETE FROM {schema}.rate_limit_takes
WHERE key = @key AND taken_at = @taken_at AND id = @id;
