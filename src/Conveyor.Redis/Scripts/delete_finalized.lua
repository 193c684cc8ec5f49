#!lua flags=allow-oom
-- Deletes up to a limit of jobs of one partition in one final state that were finalized before a cutoff, oldest
-- first.
-- KEYS: [1] the state's final zset (by finalized time), [2] jobs index, [3] counts hash.
-- ARGV: [1] partition base, [2] state (a digit), [3] cutoff (µs, exclusive), [4] limit.
-- Guard: the job is still in that state (a job retried since it finished has left the zset, and is checked again).
-- Returns: how many jobs were deleted.
local base, state, before, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local deleted = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. before, 'LIMIT', 0, limit)) do
    local job = base .. 'job:' .. id
    local current, queue = unpack(redis.call('HMGET', job, 's', 'q'))
    redis.call('ZREM', KEYS[1], id)
    if current == state then
        redis.call('DEL', job)
        redis.call('ZREM', KEYS[2], id)
        count(KEYS[3], queue, state, nil, 1)
        deleted = deleted + 1
    end
end
return deleted
