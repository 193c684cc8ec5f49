-- Records that node @id is alive at @now, running @busy jobs on Conveyor @version.
-- Inputs: @id @host @pid @queues @started_at @busy @version @now.
INSERT INTO conveyor_nodes (id, host, pid, queues, started_at, busy, version, last_seen_at)
VALUES (@id, @host, @pid, @queues, @started_at, @busy, @version, @now)
ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, busy = excluded.busy,
    version = excluded.version, last_seen_at = excluded.last_seen_at;
