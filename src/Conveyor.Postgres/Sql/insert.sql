-- Inserts a batch of jobs in one statement, all or none. Inputs, one array element per job in request order:
-- @kinds @queues @args @max_attempts @priorities @scheduled_at (NULL: now) @unique_keys (NULL: none)
-- @tag_starts @tag_counts (job i's tags are @tags[start + 1 : start + count]) @trace_parents (NULL: none)
-- @ordering_keys (NULL: none); @lock_space (the schema's advisory lock space for lines); @now (NULL: the database
-- clock); @channel (the NOTIFY channel). A job due by now is inserted available, a later one scheduled.
-- Guard of ordering: the first statement takes the transaction-scoped advisory lock of each line (queue, kind, key)
-- the batch adds to, in lock order, before the second draws ids. Ids come from a sequence, which no transaction rolls
-- back or holds, so without the lock a job could commit before an earlier-numbered job of its line still being
-- inserted (in the caller's transaction, say), run, and then have that job start beside it. With it, the jobs of a
-- line are committed in id order: whoever sees a job of a line sees every earlier one (fetch.sql relies on this).
-- Guard: the partial unique index on unfinished jobs. A job whose key is held inserts nothing and returns the
-- holder's id (inserted = false); id is NULL when the holder committed after this statement's snapshot was taken
-- (a concurrent insert), and the caller looks it up again. Queues that got an available job are notified on commit.
SELECT count(pg_advisory_xact_lock(hashtext(@lock_space), line.lock))
FROM (SELECT DISTINCT hashtext(t.queue || ':' || length(t.kind) || ':' || t.kind || ':' || t.ordering_key) AS lock
      FROM unnest(@queues, @kinds, @ordering_keys) AS t(queue, kind, ordering_key)
      WHERE t.ordering_key IS NOT NULL
      ORDER BY 1) AS line;
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), input AS MATERIALIZED (
    -- Ids are drawn up front, in request order, so each result row knows its job's id.
    SELECT nextval('{schema}.job_ids') AS id, t.*
    FROM unnest(@kinds, @queues, @args, @max_attempts, @priorities, @scheduled_at, @unique_keys, @tag_starts, @tag_counts,
                @trace_parents, @ordering_keys)
         WITH ORDINALITY AS t(kind, queue, args, max_attempts, priority, scheduled_at, unique_key, tag_start, tag_count,
                              trace_parent, ordering_key, ord)
), inserted AS (
    INSERT INTO {schema}.jobs (id, kind, queue, args, state, max_attempts, priority, scheduled_at, created_at, unique_key, tags,
                               trace_parent, ordering_key)
    SELECT input.id, input.kind, input.queue, input.args,
           CASE WHEN input.scheduled_at > clock.now THEN 'scheduled' ELSE 'available' END,
           input.max_attempts, input.priority, greatest(input.scheduled_at, clock.now), clock.now, input.unique_key,
           (@tags::text[])[input.tag_start + 1 : input.tag_start + input.tag_count], input.trace_parent,
           input.ordering_key
    FROM input, clock
    ORDER BY input.ord
    ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable')
    DO NOTHING
    RETURNING id, queue, state
)
SELECT input.ord, inserted.id IS NOT NULL AS inserted, coalesce(inserted.id, holder.id) AS id,
       (SELECT count(pg_notify(@channel, woken.queue))
        FROM (SELECT DISTINCT queue FROM inserted WHERE state = 'available') AS woken) AS notified
FROM input
LEFT JOIN inserted ON inserted.id = input.id
LEFT JOIN LATERAL (
    SELECT held.id FROM {schema}.jobs AS held
    WHERE held.unique_key = input.unique_key AND held.state IN ('available', 'scheduled', 'running', 'retryable')
) AS holder ON inserted.id IS NULL
ORDER BY input.ord;
