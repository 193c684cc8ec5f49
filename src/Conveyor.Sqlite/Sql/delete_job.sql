-- Deletes job @id. Guard: not running (a running job's worker still holds it).
DELETE FROM conveyor_jobs WHERE id = @id AND state <> 2;
