-- Queues that have jobs or a pause flag, with the flag and the due time of the Available job each hands out next
-- (fetch.sql's order, one step down the jobs_fetch index per queue), by name. No inputs. The queues that have finished
-- jobs are found by skipping through jobs_finished from one queue to the next (one index probe per queue, however many
-- jobs each holds); those with unfinished jobs through the unfinished states' partial indexes, as count_jobs.sql does.
WITH RECURSIVE finished(queue) AS (
    (SELECT queue FROM {schema}.jobs WHERE state IN ('completed', 'discarded', 'cancelled') ORDER BY queue LIMIT 1)
    UNION ALL
    SELECT (SELECT j.queue FROM {schema}.jobs AS j
            WHERE j.state IN ('completed', 'discarded', 'cancelled') AND j.queue > finished.queue
            ORDER BY j.queue LIMIT 1)
    FROM finished WHERE finished.queue IS NOT NULL
), known AS (
    SELECT name, bool_or(paused) AS paused FROM (
        SELECT queue AS name, false AS paused FROM finished WHERE queue IS NOT NULL
        UNION ALL
        SELECT DISTINCT queue, false FROM {schema}.jobs WHERE state = 'available'
        UNION ALL
        SELECT DISTINCT queue, false FROM {schema}.jobs WHERE state IN ('scheduled', 'retryable')
        UNION ALL
        SELECT DISTINCT queue, false FROM {schema}.jobs WHERE state = 'running'
        UNION ALL
        SELECT name, paused FROM {schema}.queues) AS all_known
    GROUP BY name)
SELECT known.name, known.paused,
       (SELECT j.scheduled_at FROM {schema}.jobs AS j
        WHERE j.state = 'available' AND j.queue = known.name
        ORDER BY j.priority, j.scheduled_at, j.id
        LIMIT 1) AS next_due_at
FROM known
ORDER BY known.name;
