-- Migration 4 (up): the rate_limit_takes table of the sliding-window rate limits, in schema {schema}.
-- Idempotent (IF NOT EXISTS), so running it again by hand is harmless.
-- One row per allowed take of a key that is still kept: at most the limit's worth per key, on the store's clock.
-- take_rate_limit.sql reads, deletes and inserts them under the key's advisory lock. Takes at the same instant are
-- told apart by id, so the primary key (key, taken_at, id) is the table's one index and serves every statement.
CREATE TABLE IF NOT EXISTS {schema}.rate_limit_takes (
    -- Fixed-width columns first: no alignment padding inside the row.
    id       bigint      GENERATED ALWAYS AS IDENTITY,
    taken_at timestamptz NOT NULL,
    key      text        NOT NULL,
    PRIMARY KEY (key, taken_at, id)
);
