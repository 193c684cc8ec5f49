-- Migration 9 (down): forgets the schedules' recorded runs; the schedules and their cursors are kept.
ALTER TABLE conveyor_schedules DROP COLUMN last_success_tick;
ALTER TABLE conveyor_schedules DROP COLUMN last_run_finished_at;
ALTER TABLE conveyor_schedules DROP COLUMN last_run_state;
ALTER TABLE conveyor_schedules DROP COLUMN last_run_tick;
