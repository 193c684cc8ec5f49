#!lua flags=allow-oom
-- Claims up to a limit of available jobs of one queue (unless it is paused) for an owner, leased from now.
-- KEYS: [1] the queue's ready set, [2] running zset (by lease expiry), [3] paused queues set, [4] counts hash.
-- ARGV: [1] now ('' = server TIME), [2] partition base, [3] queue, [4] limit, [5] owner, [6] lease (µs).
-- Guard: ZPOPMIN takes each job off the ready set as it claims it, inside this one script, so no other fetch can
-- see it again while it runs. Jobs come in priority, due time, id order (the ready set's order).
-- Returns: each claimed job as its hash's field/value list (HGETALL), in that order.
local now = clock(ARGV[1])
local base, queue, limit, owner, lease = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
if redis.call('SISMEMBER', KEYS[3], queue) == 1 then
    return {}
end

local popped = redis.call('ZPOPMIN', KEYS[1], limit)
local expires = now + lease
local claimed = {}
for i = 1, #popped, 2 do
    local id = int(ready_id(popped[i]))
    local job = base .. 'job:' .. id
    redis.call('HINCRBY', job, 'n', 1)
    redis.call('HSET', job, 's', '2', 't', int(now), 'o', owner, 'l', int(expires))
    redis.call('ZADD', KEYS[2], expires, id)
    claimed[#claimed + 1] = redis.call('HGETALL', job)
end

if #claimed > 0 then
    count(KEYS[4], queue, '0', '2', #claimed)
end
return claimed
