-- Records migration @version as applied at @now.
INSERT INTO conveyor_migrations (version, applied_at) VALUES (@version, @now);
