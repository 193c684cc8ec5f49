-- Records that node @id is alive now. Inputs: @id @host @pid @queues @started_at @busy (jobs running) @version, @now
-- (NULL: the database clock).
INSERT INTO {schema}.nodes (id, host, pid, queues, started_at, busy, version, last_seen_at)
VALUES (@id, @host, @pid, @queues, @started_at, @busy, @version, coalesce(@now, statement_timestamp()))
ON CONFLICT (id) DO UPDATE
SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, busy = excluded.busy, version = excluded.version,
    last_seen_at = excluded.last_seen_at;
