-- Deletes jobs @ids. Guard: not running (a running job's worker still holds it). Returns the deleted ids.
DELETE FROM {schema}.jobs WHERE id = ANY(@ids) AND state <> 'running' RETURNING id;
