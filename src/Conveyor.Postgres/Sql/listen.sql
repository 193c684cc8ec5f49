-- Subscribes this connection to the schema's wake-ups: each notification's payload is a queue that got jobs.
LISTEN {channel};
