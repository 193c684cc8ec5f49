-- Migration 8 (down): forgets the schedules' recorded runs; the schedules and their cursors stay.
ALTER TABLE {schema}.schedules
    DROP COLUMN IF EXISTS last_success_tick,
    DROP COLUMN IF EXISTS last_run_finished_at,
    DROP COLUMN IF EXISTS last_run_state,
    DROP COLUMN IF EXISTS last_run_tick;
