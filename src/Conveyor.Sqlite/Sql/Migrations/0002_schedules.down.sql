-- Migration 2 (down): drops the schedules table. Jobs its schedules enqueued are kept.
DROP TABLE IF EXISTS conveyor_schedules;
