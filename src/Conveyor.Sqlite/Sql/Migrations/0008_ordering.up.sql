-- Migration 8 (up): ordering keys. conveyor_jobs.ordering_key is the key of a job type that runs in order (NULL for a
-- job in no line): a job with one is fetched only when no job of its queue, kind and key with a lower id is unfinished.
-- conveyor_jobs_lines holds the unfinished jobs of every line by id, so fetch.sql finds whether an earlier one exists
-- with one index search.
ALTER TABLE conveyor_jobs ADD COLUMN ordering_key TEXT;
CREATE INDEX IF NOT EXISTS conveyor_jobs_lines ON conveyor_jobs (queue, kind, ordering_key, id)
    WHERE ordering_key IS NOT NULL AND state IN (0, 1, 2, 3);
