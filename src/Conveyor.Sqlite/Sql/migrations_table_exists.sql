-- Whether the migrations table exists (1) or not (0). No inputs.
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'conveyor_migrations';
