-- The cancel signal's count, which moves whenever a cancel is requested for a running job. No inputs.
-- No row before migration 4.
SELECT seq FROM conveyor_signals WHERE name = 'cancel';
