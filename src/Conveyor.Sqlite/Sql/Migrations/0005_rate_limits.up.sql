-- Migration 5 (up): conveyor_rate_takes, the sliding windows of the rate limits: one row per allowed take of a key,
-- taken_at in Unix microseconds on the store's clock. A key keeps at most its limit's worth of rows (the takes are
-- pruned in the transaction of the key's next take), so rows of a key no longer used stay until it is used again.
-- Takes at the same microsecond are distinct rows (hence the rowid table, not a key on (key, taken_at)); the index
-- reads one key's window in time order.
CREATE TABLE IF NOT EXISTS conveyor_rate_takes (
    key      TEXT    NOT NULL,
    taken_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS conveyor_rate_takes_key ON conveyor_rate_takes (key, taken_at);
