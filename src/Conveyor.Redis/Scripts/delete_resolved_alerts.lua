#!lua flags=allow-oom
-- Deletes up to a limit of the alerts resolved before a cutoff, oldest resolved first; firing ones are not in the zset.
-- KEYS: [1] the resolved zset, [2] the history zset (both in the global slot).
-- ARGV: [1] global base, [2] cutoff (µs, exclusive), [3] limit.
-- Guard: in the resolved zset before the cutoff.
-- Returns: how many alerts were deleted.
local base, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff, 'LIMIT', 0, limit)
for _, id in ipairs(old) do
    redis.call('UNLINK', base .. 'alert:' .. id)
end
if #old > 0 then
    bulk('ZREM', KEYS[1], old)
    bulk('ZREM', KEYS[2], old)
end
return #old
