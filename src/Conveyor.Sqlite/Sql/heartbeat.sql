-- Records that node @id is alive at @now. Inputs: @id @host @pid @queues @started_at @now.
INSERT INTO conveyor_nodes (id, host, pid, queues, started_at, last_seen_at) VALUES (@id, @host, @pid, @queues, @started_at, @now)
ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, last_seen_at = excluded.last_seen_at;
