-- Migration 5 (down): drops the batches and batch_jobs tables. Forgets every batch; the jobs stay, and callbacks still
-- held stay scheduled at BatchJobs.HeldUntil (never promoted) until cancelled or deleted by hand.
DROP TABLE IF EXISTS {schema}.batch_jobs;
DROP TABLE IF EXISTS {schema}.batches;
