#!lua flags=allow-oom
-- Deletes up to a limit of one partition's batches closed before a cutoff, oldest first: each batch's hash, its list
-- of jobs and its callback's entry. Never a job.
-- KEYS: [1] closed batches zset (by closed time), [2] batches zset, [3] callback → batch hash.
-- ARGV: [1] partition base, [2] cutoff (µs, exclusive), [3] limit.
-- Guard: in the closed zset before the cutoff (an open batch is not in it).
-- Returns: how many batches were deleted.
local base, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff, 'LIMIT', 0, limit)
for _, id in ipairs(old) do
    local batch = base .. 'batch:' .. id
    local callback = redis.call('HGET', batch, 'b')
    if callback and redis.call('HGET', KEYS[3], callback) == id then
        redis.call('HDEL', KEYS[3], callback)
    end
    redis.call('UNLINK', batch, batch .. ':jobs')
end
if #old > 0 then
    bulk('ZREM', KEYS[1], old)
    bulk('ZREM', KEYS[2], old)
end
return #old
