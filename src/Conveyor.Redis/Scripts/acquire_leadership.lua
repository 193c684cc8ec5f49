#!lua flags=allow-oom
-- Takes or renews a named leadership for an owner until now + ttl.
-- KEYS: [1] leaders hash (<name> → owner, <name>:until → expiry). ARGV: [1] now ('' = server TIME), [2] name,
-- [3] owner, [4] ttl (µs).
-- Guard: free, expired by now, or already held by the owner — decided inside this one script, so two candidates can
-- never both hold it.
-- Returns: 1 when the owner now leads, else 0.
local now = clock(ARGV[1])
local name, owner, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4])
local holder, expires = unpack(redis.call('HMGET', KEYS[1], name, name .. ':until'))
if holder and holder ~= owner and tonumber(expires) > now then
    return 0
end
redis.call('HSET', KEYS[1], name, owner, name .. ':until', int(now + ttl))
return 1
