-- The ids of @job_ids (a JSON array) that name no job, in their order. Each is one primary-key lookup.
SELECT ids.value
FROM json_each(@job_ids) AS ids
WHERE NOT EXISTS (SELECT 1 FROM conveyor_jobs WHERE id = ids.value)
ORDER BY ids.key;
