#!lua flags=allow-oom
-- Closes one batch whose jobs have all finished (its closer read their final states just before), and releases or
-- cancels its callback if the callback is still held, in one step. Allowed on a full server, like promote.lua.
-- KEYS: [1] the batch's hash, [2] open batches zset, [3] closed batches zset (by closed time), [4] counts hash,
-- [5] scheduled zset (all of the batch's partition, which holds its callback).
-- ARGV: [1] now ('' = server TIME), [2] partition base, [3] wake channel, [4] the held due time (µs), then the
-- counts of the batch's jobs: [5] completed, [6] discarded, [7] cancelled, [8] deleted.
-- Guard: the batch exists and is open. Of racing closers only the first closes it; the others change nothing, so a
-- callback is released at most once. The callback is released (available now, its queue woken, as promote.lua) when
-- it is still held (scheduled at the held time) and the batch's condition holds: always for 0 (all finished), only
-- with no job discarded, cancelled or deleted for 1 (all succeeded); a held callback whose condition does not hold
-- is cancelled (finalized now, out of its line); a callback that is not held (cancelled or deleted by hand) is left as it is.
-- Returns: nil when the guard failed, else {1 when the callback was released else 0, the callback's queue ('' when
-- it is gone), the callback's id}.
local now = clock(ARGV[1])
local base, channel, held = ARGV[2], ARGV[3], tonumber(ARGV[4])
local completed, discarded, cancelled, deleted = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local id, callback, condition, closed = unpack(redis.call('HMGET', KEYS[1], 'i', 'b', 'o', 'z'))
if not id or closed then
    return false
end
redis.call('HSET', KEYS[1], 'z', int(now), '4', completed, '5', discarded, '6', cancelled, 'g', deleted)
redis.call('ZREM', KEYS[2], id)
redis.call('ZADD', KEYS[3], now, id)

local job = base .. 'job:' .. callback
local state, queue, priority, due, kind, okey = unpack(redis.call('HMGET', job, 's', 'q', 'p', 'd', 'k', 'z'))
if state ~= '1' or tonumber(due) ~= held then
    return { 0, queue or '', tonumber(callback) }
end
redis.call('ZREM', KEYS[5], callback)
if condition == '0' or (discarded == '0' and cancelled == '0' and deleted == '0') then
    redis.call('HSET', job, 's', '0', 'd', int(now))
    redis.call('ZADD', base .. 'ready:' .. queue, priority, ready_member(now, tonumber(callback)))
    count(KEYS[4], queue, '1', '0', 1)
    redis.call('PUBLISH', channel, queue)
    return { 1, queue, tonumber(callback) }
end
redis.call('HSET', job, 's', '6', 'f', int(now))
redis.call('ZADD', base .. 'final:6', now, callback)
leave_line(base, queue, kind, okey, callback)
count(KEYS[4], queue, '1', '6', 1)
return { 0, queue, tonumber(callback) }
