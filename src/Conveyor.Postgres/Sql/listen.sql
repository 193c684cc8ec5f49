-- Subscribes this connection to the schema's two channels: wake-ups (each payload is a queue that got jobs) and
-- cancel requests for running jobs (no payload).
LISTEN {channel};
LISTEN {cancel_channel};
