-- Queues that have jobs or a pause flag, with the flag and the due time of the Available job each hands out next
-- (fetch.sql's order, one step down the jobs_fetch index per queue), by name. No inputs.
SELECT known.name, known.paused,
       (SELECT j.scheduled_at FROM {schema}.jobs AS j
        WHERE j.state = 'available' AND j.queue = known.name
        ORDER BY j.priority, j.scheduled_at, j.id
        LIMIT 1) AS next_due_at
FROM (
    SELECT name, bool_or(paused) AS paused FROM (
        SELECT DISTINCT queue AS name, false AS paused FROM {schema}.jobs
        UNION ALL
        SELECT name, paused FROM {schema}.queues) AS all_known
    GROUP BY name) AS known
ORDER BY known.name;
