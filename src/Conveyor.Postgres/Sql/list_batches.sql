-- At most @limit batches, newest first; only open ones when @open_only. Inputs: @limit @open_only. The columns of
-- get_batch.sql without the jobs. Of the two branches only the one @open_only picks runs (a one-time filter, even in
-- a prepared statement's generic plan): every batch walks the primary key backwards, open ones the partial
-- batches_open index, so a listing of open batches never steps over closed ones.
SELECT id, callback_job_id, condition, total, created_at, closed_at, completed, discarded, cancelled, deleted
FROM (
    (SELECT * FROM {schema}.batches WHERE NOT @open_only ORDER BY id DESC LIMIT @limit)
    UNION ALL
    (SELECT * FROM {schema}.batches WHERE @open_only AND closed_at IS NULL ORDER BY id DESC LIMIT @limit)
) AS listed
ORDER BY id DESC;
