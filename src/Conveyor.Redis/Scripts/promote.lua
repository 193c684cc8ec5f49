#!lua flags=allow-oom
-- Makes up to a limit of due scheduled and retryable jobs of one partition available, earliest due first.
-- KEYS: [1] scheduled zset (by due time), [2] counts hash. ARGV: [1] now ('' = server TIME), [2] partition base,
-- [3] limit, [4] wake channel.
-- Guard: each job leaves the scheduled zset in this script as it is promoted, so no other promoter moves it.
-- Returns: {queue, promoted} pairs, flattened; each of those queues is woken.
local now = clock(ARGV[1])
local base, limit, channel = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
local promoted = {}
for _, id in ipairs(due) do
    local job = base .. 'job:' .. id
    local state, queue, priority, at = unpack(redis.call('HMGET', job, 's', 'q', 'p', 'd'))
    redis.call('ZREM', KEYS[1], id)
    if state == '1' or state == '3' then
        redis.call('HSET', job, 's', '0')
        redis.call('ZADD', base .. 'ready:' .. queue, priority, ready_member(tonumber(at), tonumber(id)))
        count(KEYS[2], queue, state, '0', 1)
        promoted[queue] = (promoted[queue] or 0) + 1
    end
end

local result = {}
for queue, n in pairs(promoted) do
    redis.call('PUBLISH', channel, queue)
    result[#result + 1] = queue
    result[#result + 1] = n
end
return result
