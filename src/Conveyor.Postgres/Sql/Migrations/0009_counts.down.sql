-- Migration 9 (down): drops the index of finished jobs' queues and states.
DROP INDEX IF EXISTS {schema}.jobs_finished;
