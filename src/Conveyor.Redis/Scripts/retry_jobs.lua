#!lua
-- Makes jobs of one partition available now with a fresh attempt budget, their errors kept.
-- KEYS: [1] unique keys hash, [2] counts hash. ARGV: [1] now ('' = server TIME), [2] partition base, [3] wake
-- channel, then the job ids, ascending.
-- Guard: scheduled, retryable or final (not running or available), and its unique key (if any) free or its own;
-- the key is taken again, so of several requested jobs sharing a key only the lowest id is retried.
-- Returns: the retried ids; their queues are woken. A job of a line takes its place in it again, by its id: first,
-- if no earlier job of the line is unfinished (a later one that is running runs on; fetch.lua parks the rest).
local now = clock(ARGV[1])
local base, channel = ARGV[2], ARGV[3]
local retried = {}
local woken = {}
for at = 4, #ARGV do
    local id = ARGV[at]
    local job = base .. 'job:' .. id
    local state, queue, priority, key, kind, okey = unpack(redis.call('HMGET', job, 's', 'q', 'p', 'u', 'k', 'z'))
    local holder = key and redis.call('HGET', KEYS[1], key)
    if state and state ~= '0' and state ~= '2' and (not holder or holder == id) then
        unindex(base, id, state, queue, nil)
        if key then
            redis.call('HSET', KEYS[1], key, id)
        end
        redis.call('HSET', job, 's', '0', 'n', 0, 'd', int(now))
        redis.call('HDEL', job, 'f', 'x')
        join_line(base, queue, kind, okey, id)
        redis.call('ZADD', base .. 'ready:' .. queue, priority, ready_member(now, tonumber(id)))
        count(KEYS[2], queue, state, '0', 1)
        woken[queue] = true
        retried[#retried + 1] = tonumber(id)
    end
end

for queue in pairs(woken) do
    redis.call('PUBLISH', channel, queue)
end
return retried
