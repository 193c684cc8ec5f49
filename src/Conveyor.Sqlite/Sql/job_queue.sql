-- The queue of job @id; no row if it does not exist.
SELECT queue FROM conveyor_jobs WHERE id = @id;
