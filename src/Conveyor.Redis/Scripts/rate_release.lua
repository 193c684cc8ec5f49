#!lua flags=allow-oom
-- Hands back one allowed take of a rate limit (IRateLimitStore.ReleaseAsync), so its slot is free at once. Allowed on
-- a full server: it only frees memory.
-- KEYS: [1] the limited key's sorted set (as rate_take.lua's). ARGV: [1] the take's member (its time in µs, ':', its
-- unique suffix), as rate_take.lua wrote it.
-- Guard: only that member is removed; a take already released, or pruned out of the window, is no longer there, so
-- releasing again is a no-op and no other take is removed in its place.
-- Returns: 1 when the take was still kept and is now removed, else 0.
return redis.call('ZREM', KEYS[1], ARGV[1])
