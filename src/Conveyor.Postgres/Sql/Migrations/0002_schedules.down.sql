-- Migration 2 (down): drops the schedules table. Destroys every schedule; the jobs they enqueued stay.
DROP TABLE IF EXISTS {schema}.schedules;
