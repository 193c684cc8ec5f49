-- Queues that have jobs or a pause flag, with the flag, by name. No inputs.
SELECT name, bool_or(paused) FROM (
    SELECT DISTINCT queue AS name, false AS paused FROM {schema}.jobs
    UNION ALL
    SELECT name, paused FROM {schema}.queues) AS known
GROUP BY name ORDER BY name;
