-- Job counts per queue and state. No inputs. One part per index, each matching its index's predicate exactly so the
-- planner takes it: finished jobs (most of the table) from jobs_finished alone, index-only; available ones from
-- jobs_fetch, index-only; scheduled, retryable and running ones (what waits or runs: few) through jobs_waiting and
-- jobs_leases. The table is never read whole, so the count's cost follows the number of queues and unfinished jobs.
SELECT queue, state, count(*) FROM {schema}.jobs WHERE state IN ('completed', 'discarded', 'cancelled') GROUP BY queue, state
UNION ALL
SELECT queue, 'available', count(*) FROM {schema}.jobs WHERE state = 'available' GROUP BY queue
UNION ALL
SELECT queue, state, count(*) FROM {schema}.jobs WHERE state IN ('scheduled', 'retryable') GROUP BY queue, state
UNION ALL
SELECT queue, 'running', count(*) FROM {schema}.jobs WHERE state = 'running' GROUP BY queue;
