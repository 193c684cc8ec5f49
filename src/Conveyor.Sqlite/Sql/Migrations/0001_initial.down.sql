-- Migration 1 (down): drops everything migration 1 created. Destroys every job.
DROP TABLE IF EXISTS conveyor_leaders;
DROP TABLE IF EXISTS conveyor_nodes;
DROP TABLE IF EXISTS conveyor_queues;
DROP TABLE IF EXISTS conveyor_jobs;
