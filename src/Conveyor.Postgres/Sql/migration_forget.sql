-- Forgets migration @version after its down script ran.
DELETE FROM {schema}.migrations WHERE version = @version;
