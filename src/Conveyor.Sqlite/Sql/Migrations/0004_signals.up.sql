-- Migration 4 (up): conveyor_signals, one counter per signal between processes, keyed by name. 'cancel' moves in the
-- transaction that asks a running job to stop (signal_cancel); each worker's notifier reads it when the -wal file
-- changes, and renews its leases at once when it has moved.
CREATE TABLE IF NOT EXISTS conveyor_signals (
    name TEXT    PRIMARY KEY,
    seq  INTEGER NOT NULL
);
INSERT INTO conveyor_signals (name, seq) VALUES ('cancel', 0) ON CONFLICT (name) DO NOTHING;
