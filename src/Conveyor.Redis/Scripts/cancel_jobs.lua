#!lua flags=allow-oom
-- Cancels jobs of one partition: available, scheduled and retryable ones become cancelled (finalized now, their
-- unique key freed, out of their line); running ones get a cancel request, which their worker reads when it renews
-- its leases.
-- KEYS: [1] unique keys hash, [2] counts hash. ARGV: [1] now ('' = server TIME), [2] partition base, [3] cancel
-- channel, then the ids.
-- Guard: unfinished. Returns: the ids acted on; when some were running, publishes how many on the cancel channel, so
-- that listening workers renew their leases at once instead of at their next renewal. The next job of a line a
-- cancelled job leaves is fetched at its workers' next poll.
local now = clock(ARGV[1])
local base, channel = ARGV[2], ARGV[3]
local cancelled = {}
local running = 0
for at = 4, #ARGV do
    local id = ARGV[at]
    local job = base .. 'job:' .. id
    local state, queue, due, key, requested, kind, okey = unpack(redis.call('HMGET', job, 's', 'q', 'd', 'u', 'x', 'k', 'z'))
    if state == '2' then
        if not requested then
            redis.call('HSET', job, 'x', int(now))
        end
        running = running + 1
        cancelled[#cancelled + 1] = tonumber(id)
    elseif state == '0' or state == '1' or state == '3' then
        unindex(base, id, state, queue, due)
        redis.call('HSET', job, 's', '6', 'f', int(now))
        redis.call('ZADD', base .. 'final:6', now, id)
        release_key(KEYS[1], key, id)
        leave_line(base, queue, kind, okey, id)
        count(KEYS[2], queue, state, '6', 1)
        cancelled[#cancelled + 1] = tonumber(id)
    end
end

if running > 0 then
    redis.call('PUBLISH', channel, running)
end
return cancelled
