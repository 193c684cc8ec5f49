-- Queues that have jobs or a pause flag, with the flag. No inputs.
SELECT name, MAX(paused) FROM (
    SELECT DISTINCT queue AS name, 0 AS paused FROM conveyor_jobs
    UNION ALL
    SELECT name, paused FROM conveyor_queues)
GROUP BY name ORDER BY name;
