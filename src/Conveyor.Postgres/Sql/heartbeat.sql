-- Records that node @id is alive now. Inputs: @id @host @pid @queues @started_at, @now (NULL: the database clock).
INSERT INTO {schema}.nodes (id, host, pid, queues, started_at, last_seen_at)
VALUES (@id, @host, @pid, @queues, @started_at, coalesce(@now, statement_timestamp()))
ON CONFLICT (id) DO UPDATE
SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, last_seen_at = excluded.last_seen_at;
