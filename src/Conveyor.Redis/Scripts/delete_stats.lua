#!lua flags=allow-oom
-- Deletes up to a limit of one partition's minutes of statistics that start before a cutoff, oldest first.
-- KEYS: [1] the partition's stats zset (<minute>:<queue> by minute).
-- ARGV: [1] partition base, [2] cutoff (µs, exclusive), [3] limit.
-- Guard: in the zset before the cutoff.
-- Returns: how many minutes were deleted.
local base, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff, 'LIMIT', 0, limit)
for _, member in ipairs(old) do
    redis.call('UNLINK', base .. 'stats:' .. member)
end
if #old > 0 then
    bulk('ZREM', KEYS[1], old)
end
return #old
