-- Migration 3 (up): a running attempt's progress and a successful attempt's result, on jobs in schema {schema}.
-- Idempotent (IF NOT EXISTS), so running it again by hand is harmless. Nullable columns without a default: adding
-- them changes only the catalog, so a large jobs table is neither rewritten nor scanned.
-- The progress columns are set together by report_progress.sql (progress_at on the store's clock) and cleared
-- together when an attempt starts; result is the UTF-8 JSON a successful attempt stored, or NULL.
ALTER TABLE {schema}.jobs
    ADD COLUMN IF NOT EXISTS progress_percent smallint,
    ADD COLUMN IF NOT EXISTS progress_message text,
    ADD COLUMN IF NOT EXISTS progress_at      timestamptz,
    ADD COLUMN IF NOT EXISTS result           bytea;
