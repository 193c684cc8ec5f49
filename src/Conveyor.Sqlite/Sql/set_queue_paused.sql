-- Pauses (@paused = 1) or resumes (@paused = 0) queue @name.
INSERT INTO conveyor_queues (name, paused) VALUES (@name, @paused)
ON CONFLICT (name) DO UPDATE SET paused = excluded.paused;
