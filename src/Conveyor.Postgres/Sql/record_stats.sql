-- Adds minutes of statistics into their (queue, minute) rows, creating those missing. Inputs, one array element per
-- minute, each (queue, minute) once and sorted by queue, then minute: @queues @minutes @processed @failed @discarded
-- @depths (NULL: not sampled, the stored depth stays); @durations, every minute's @bucket_count counts one after the
-- other.
-- Guard: ON CONFLICT DO UPDATE adds into the row as last committed. A writer of a minute another transaction is adding
-- into waits for that row's lock, then adds into the committed row, so concurrent writers lose no count. Each writer
-- locks its rows in input order, the same order for all, so two writers never wait for each other in a cycle.
INSERT INTO {schema}.stats AS s (queue, minute, processed, failed, discarded, depth, durations)
SELECT m.queue, m.minute, m.processed, m.failed, m.discarded, m.depth,
       (@durations::bigint[])[(m.ord::integer - 1) * @bucket_count + 1 : m.ord::integer * @bucket_count]
FROM unnest(@queues, @minutes, @processed, @failed, @discarded, @depths)
     WITH ORDINALITY AS m(queue, minute, processed, failed, discarded, depth, ord)
ORDER BY m.ord
ON CONFLICT (queue, minute) DO UPDATE
SET processed = s.processed + excluded.processed,
    failed = s.failed + excluded.failed,
    discarded = s.discarded + excluded.discarded,
    depth = coalesce(excluded.depth, s.depth),
    durations = ARRAY(
        SELECT coalesce(stored, 0) + coalesce(added, 0)
        FROM unnest(s.durations, excluded.durations) WITH ORDINALITY AS bucket(stored, added, position)
        ORDER BY bucket.position);
