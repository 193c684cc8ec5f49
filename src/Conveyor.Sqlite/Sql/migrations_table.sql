-- The applied migration versions. No inputs.
CREATE TABLE IF NOT EXISTS conveyor_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
