-- Queues that have jobs or a pause flag, with the flag and the due time of the Available job each hands out next
-- (fetch.sql's order, one step down the conveyor_jobs_fetch index per queue). No inputs.
SELECT name, paused,
       (SELECT scheduled_at FROM conveyor_jobs
        WHERE state = 0 AND queue = known.name
        ORDER BY priority, scheduled_at, id
        LIMIT 1) AS next_due_at
FROM (
    SELECT name, MAX(paused) AS paused FROM (
        SELECT DISTINCT queue AS name, 0 AS paused FROM conveyor_jobs
        UNION ALL
        SELECT name, paused FROM conveyor_queues)
    GROUP BY name) AS known
ORDER BY name;
