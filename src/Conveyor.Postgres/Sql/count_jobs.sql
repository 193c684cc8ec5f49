-- Job counts per queue and state. No inputs.
SELECT queue, state, count(*) FROM {schema}.jobs GROUP BY queue, state;
