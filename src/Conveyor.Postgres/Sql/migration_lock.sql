-- Serialises migrations of one schema across processes until the transaction ends. Input: @lock_name.
SELECT pg_advisory_xact_lock(hashtextextended(@lock_name, 0));
