#!lua flags=allow-oom
-- Resolves the firing alert of a rule and subject; allowed on a full server, where it adds only a little.
-- KEYS: [1] the firing hash, [2] the resolved zset (both in the global slot).
-- ARGV: [1] global base, [2] firing field (<length of rule>:<rule>:<subject>), [3] at (µs).
-- Guard: an alert of the field is firing.
-- Returns: 1, or 0 when none is firing.
local id = redis.call('HGET', KEYS[1], ARGV[2])
if not id then
    return 0
end
redis.call('HSET', ARGV[1] .. 'alert:' .. id, 'z', ARGV[3])
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], id)
return 1
