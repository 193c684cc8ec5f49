-- The schema and its applied migration versions. No inputs. Runs under migration_lock.
-- The schema is created only when missing: CREATE SCHEMA needs the CREATE right on the database even with IF NOT
-- EXISTS, and a schema an administrator prepared for the application should need no more than rights inside it.
DO $$
BEGIN
    IF to_regnamespace('{schema}') IS NULL THEN
        CREATE SCHEMA {schema};
    END IF;
END
$$;
CREATE TABLE IF NOT EXISTS {schema}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
