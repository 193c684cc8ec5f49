-- Deletes at most @limit minutes starting before @before, oldest first, off stats_minute. Inputs: @before @limit.
-- The rows are locked, then deleted by their ctid (a TID scan: a join on (queue, minute) would hash the whole table).
-- A row a writer changed after this statement's snapshot is locked at its new version, which the snapshot cannot see,
-- and is left to the next round, as is one a writer holds (SKIP LOCKED); a writer that waited on a deleted minute
-- creates it anew, and a later round deletes it. The command's row count is how many were deleted.
DELETE FROM {schema}.stats
WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM {schema}.stats
    WHERE minute < @before
    ORDER BY minute
    LIMIT @limit
    FOR UPDATE SKIP LOCKED));
