-- The unfinished jobs holding any of @unique_keys: (unique_key, id). Used after an insert lost a race on a key.
SELECT unique_key, id FROM {schema}.jobs
WHERE unique_key = ANY(@unique_keys) AND state IN ('available', 'scheduled', 'running', 'retryable');
