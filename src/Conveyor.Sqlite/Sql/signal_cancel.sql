-- Moves the cancel signal: a cancel was requested for a running job. No inputs. Guard: none; run in the transaction
-- of cancel_running_job when it marked a job, so the signal moves if and only if a request is stored.
UPDATE conveyor_signals SET seq = seq + 1 WHERE name = 'cancel';
