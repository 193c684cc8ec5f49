-- The applied migration versions, ascending. No inputs.
SELECT version FROM conveyor_migrations ORDER BY version;
