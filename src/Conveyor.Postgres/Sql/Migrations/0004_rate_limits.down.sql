-- Migration 4 (down): drops the rate_limit_takes table. Forgets every key's recent takes, so each key may take its
-- whole limit again at once; the jobs stay.
DROP TABLE IF EXISTS {schema}.rate_limit_takes;
