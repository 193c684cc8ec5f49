-- Migration 4 (down): drops the signals table. Jobs are kept; workers learn of cancel requests at their lease renewals.
DROP TABLE IF EXISTS conveyor_signals;
