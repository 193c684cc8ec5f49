-- The applied migration versions, ascending. No inputs.
SELECT version FROM {schema}.migrations ORDER BY version;
