-- The unfinished job holding @unique_key, if any.
SELECT id FROM conveyor_jobs WHERE unique_key = @unique_key AND state IN (0, 1, 2, 3);
