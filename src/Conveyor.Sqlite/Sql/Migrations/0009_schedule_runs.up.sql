-- Migration 9 (up): each schedule's last finished run and last success. last_run_tick, last_run_state (a JobState:
-- 4 Completed, 5 Discarded, 6 Cancelled) and last_run_finished_at describe the run of the latest tick that reached a
-- final state; last_success_tick is the greatest tick whose run completed. All NULL until a run finishes
-- (record_schedule_run.sql).
ALTER TABLE conveyor_schedules ADD COLUMN last_run_tick INTEGER;
ALTER TABLE conveyor_schedules ADD COLUMN last_run_state INTEGER;
ALTER TABLE conveyor_schedules ADD COLUMN last_run_finished_at INTEGER;
ALTER TABLE conveyor_schedules ADD COLUMN last_success_tick INTEGER;
