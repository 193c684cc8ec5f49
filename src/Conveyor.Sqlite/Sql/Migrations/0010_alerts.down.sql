-- Migration 10 (down): drops the alerts, firing and resolved.
DROP TABLE IF EXISTS conveyor_alerts;
