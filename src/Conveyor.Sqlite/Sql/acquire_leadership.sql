-- Takes or renews leadership @name for @owner until @expires_at. Inputs: @name @owner @now @expires_at.
-- Guard: free, expired by @now, or already held by @owner. A row back means @owner leads.
INSERT INTO conveyor_leaders (name, owner, expires_at) VALUES (@name, @owner, @expires_at)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE conveyor_leaders.owner = excluded.owner OR conveyor_leaders.expires_at <= @now
RETURNING owner;
