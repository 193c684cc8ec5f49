-- Deletes at most @limit alerts resolved before @before, oldest resolved first, off alerts_resolved; firing ones stay.
-- Inputs: @before @limit. The command's row count is how many were deleted.
DELETE FROM {schema}.alerts
WHERE id = ANY(ARRAY(
    SELECT id FROM {schema}.alerts
    WHERE resolved_at < @before
    ORDER BY resolved_at
    LIMIT @limit));
