-- Takes or renews leadership @name for @owner until now + @ttl. Inputs: @name @owner @ttl, @now (NULL: the
-- database clock). Guard: free, expired by now, or already held by @owner — decided in this one statement under the
-- row's lock, so two candidates can never both hold it. A row back means @owner leads.
INSERT INTO {schema}.leaders AS leader (name, owner, expires_at)
VALUES (@name, @owner, coalesce(@now, statement_timestamp()) + @ttl)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE leader.owner = excluded.owner OR leader.expires_at <= coalesce(@now, statement_timestamp())
RETURNING owner;
