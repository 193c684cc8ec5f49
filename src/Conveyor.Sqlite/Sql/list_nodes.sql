-- Nodes seen at or after @since.
SELECT id, host, pid, queues, started_at, last_seen_at, busy, version FROM conveyor_nodes WHERE last_seen_at >= @since ORDER BY id;
