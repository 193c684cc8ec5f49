-- Inserts one job. Inputs: @kind @queue @args @state @max_attempts @priority @scheduled_at @now @unique_key @tags
-- @trace_parent @ordering_key. The id grows with each insert, and SQLite has one writer at a time, so jobs of one line
-- are committed in id order: a fetch never sees a job whose earlier peer is still to come.
-- Guard: the partial unique index on unfinished jobs; on a held @unique_key nothing is inserted and no row returns.
INSERT INTO conveyor_jobs (kind, queue, args, state, max_attempts, priority, scheduled_at, created_at, unique_key, tags, trace_parent, ordering_key)
VALUES (@kind, @queue, @args, @state, @max_attempts, @priority, @scheduled_at, @now, @unique_key, @tags, @trace_parent, @ordering_key)
ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN (0, 1, 2, 3) DO NOTHING
RETURNING id;
