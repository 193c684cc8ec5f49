-- Migration 1 (down): drops everything migration 1 created. Destroys every job. The schema and its migrations
-- table stay.
DROP TABLE IF EXISTS {schema}.leaders;
DROP TABLE IF EXISTS {schema}.nodes;
DROP TABLE IF EXISTS {schema}.queues;
DROP TABLE IF EXISTS {schema}.jobs;
