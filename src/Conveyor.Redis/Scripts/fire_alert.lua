#!lua
-- Records a firing alert, or, if one of the rule and subject fires already, moves its last-seen time forward (never
-- back). No allow-oom: a server over maxmemory refuses it, and the caller sees the error.
-- KEYS: [1] the firing hash, [2] the history zset, [3] the id counter (all in the global slot).
-- ARGV: [1] global base, [2] firing field (<length of rule>:<rule>:<subject>), [3] rule, [4] subject, [5] severity,
-- [6] message, [7] at (µs).
-- Guard: at most one firing alert per field.
-- Returns: { 1 if this call recorded the firing else 0, id, the alert hash's fields and values }.
local base, field, at = ARGV[1], ARGV[2], ARGV[7]
local id = redis.call('HGET', KEYS[1], field)
if id then
    local alert = base .. 'alert:' .. id
    if tonumber(at) > tonumber(redis.call('HGET', alert, 'l')) then
        redis.call('HSET', alert, 'l', at)
    end
    return { 0, id, redis.call('HGETALL', alert) }
end
id = int(redis.call('INCR', KEYS[3]))
local alert = base .. 'alert:' .. id
redis.call('HSET', alert, 'r', ARGV[3], 's', ARGV[4], 'v', ARGV[5], 'm', ARGV[6], 'f', at, 'l', at)
redis.call('HSET', KEYS[1], field, id)
redis.call('ZADD', KEYS[2], id, id)
return { 1, id, redis.call('HGETALL', alert) }
