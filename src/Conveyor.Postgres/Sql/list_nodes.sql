-- Nodes seen at or after @since, by id.
SELECT id, host, pid, queues, started_at, last_seen_at, busy, version FROM {schema}.nodes WHERE last_seen_at >= @since ORDER BY id;
