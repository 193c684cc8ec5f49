-- Pauses (@paused = true) or resumes (@paused = false) queue @name.
INSERT INTO {schema}.queues (name, paused) VALUES (@name, @paused)
ON CONFLICT (name) DO UPDATE SET paused = excluded.paused;
