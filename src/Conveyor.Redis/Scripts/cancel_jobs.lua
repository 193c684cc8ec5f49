#!lua flags=allow-oom
-- Cancels jobs of one partition: available, scheduled and retryable ones become cancelled (finalized now, their
-- unique key freed); running ones get a cancel request that their worker sees at its next lease renewal.
-- KEYS: [1] unique keys hash, [2] counts hash. ARGV: [1] now ('' = server TIME), [2] partition base, then the ids.
-- Guard: unfinished. Returns: the ids acted on.
local now = clock(ARGV[1])
local base = ARGV[2]
local cancelled = {}
for at = 3, #ARGV do
    local id = ARGV[at]
    local job = base .. 'job:' .. id
    local state, queue, due, key, requested = unpack(redis.call('HMGET', job, 's', 'q', 'd', 'u', 'x'))
    if state == '2' then
        if not requested then
            redis.call('HSET', job, 'x', int(now))
        end
        cancelled[#cancelled + 1] = tonumber(id)
    elseif state == '0' or state == '1' or state == '3' then
        unindex(base, id, state, queue, due)
        redis.call('HSET', job, 's', '6', 'f', int(now))
        redis.call('ZADD', base .. 'final:6', now, id)
        release_key(KEYS[1], key, id)
        count(KEYS[2], queue, state, '6', 1)
        cancelled[#cancelled + 1] = tonumber(id)
    end
end
return cancelled
