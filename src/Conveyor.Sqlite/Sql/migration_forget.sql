-- Forgets migration @version after its down script ran.
DELETE FROM conveyor_migrations WHERE version = @version;
