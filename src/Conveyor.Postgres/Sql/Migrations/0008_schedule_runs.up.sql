-- Migration 8 (up): each schedule's last finished run and last success, in schema {schema}. Idempotent (IF NOT EXISTS
-- throughout). last_run_tick, last_run_state and last_run_finished_at describe the run of the latest tick that reached
-- a final state; last_success_tick is the greatest tick whose run completed. All NULL until a run finishes
-- (record_schedule_run.sql). Nullable columns with no default change only the catalog: schedules is not rewritten.
ALTER TABLE {schema}.schedules
    ADD COLUMN IF NOT EXISTS last_run_tick timestamptz,
    ADD COLUMN IF NOT EXISTS last_run_state text CHECK (last_run_state IN ('completed', 'discarded', 'cancelled')),
    ADD COLUMN IF NOT EXISTS last_run_finished_at timestamptz,
    ADD COLUMN IF NOT EXISTS last_success_tick timestamptz;
