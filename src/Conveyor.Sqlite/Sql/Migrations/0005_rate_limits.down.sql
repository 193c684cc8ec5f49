-- Migration 5 (down): drops the rate limits' takes (and their index). Jobs are kept; the windows start empty again.
DROP TABLE IF EXISTS conveyor_rate_takes;
