#!lua flags=allow-oom
-- Gives a queue its number on a cluster, once: job ids end in it (id = sequence × 65536 + number), so any job's
-- partition is known from its id alone.
-- KEYS: [1] registry hash (<queue> → number, #<number> → queue, #next → last number given). ARGV: [1] queue.
-- Guard: HGET first, inside this one script, so a queue never gets two numbers.
-- Returns: the queue's number (1 to 65535), or an error when all are taken.
local number = redis.call('HGET', KEYS[1], ARGV[1])
if number then
    return tonumber(number)
end
number = redis.call('HINCRBY', KEYS[1], '#next', 1)
if number > 65535 then
    return redis.error_reply('Conveyor supports 65535 queues per key prefix on a Redis Cluster')
end
redis.call('HSET', KEYS[1], ARGV[1], number, '#' .. number, ARGV[1])
return number
