-- Job counts per queue and state. No inputs.
SELECT queue, state, COUNT(*) FROM conveyor_jobs GROUP BY queue, state;
