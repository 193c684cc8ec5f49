-- Migration 3 (up): progress and results on conveyor_jobs. progress_percent (0 to 100), progress_message (NULL for
-- none) and progress_at (Unix microseconds on the store's clock) are the running attempt's latest report; result is
-- the UTF-8 JSON the successful attempt stored, as a BLOB. All four are NULL until set, and cleared by a fetch.
ALTER TABLE conveyor_jobs ADD COLUMN progress_percent INTEGER;
ALTER TABLE conveyor_jobs ADD COLUMN progress_message TEXT;
ALTER TABLE conveyor_jobs ADD COLUMN progress_at INTEGER;
ALTER TABLE conveyor_jobs ADD COLUMN result BLOB;
