#!lua
-- Writes a schedule's definition. No allow-oom: a server over maxmemory refuses it, and the caller sees the error.
-- KEYS: [1] the schedule's hash (in the partition of its queue).
-- ARGV: [1] kind, [2] queue, [3] args, [4] cron, [5] time zone, [6] misfire policy, [7] max attempts, [8] priority,
-- [9] paused ('' = keep the hash's own, 0 for a new hash), [10] cursor, read only when [9] is given ('' = none).
-- [9] and [10] carry the state of a schedule moved here from another queue's partition.
-- Guard: none; an update replaces the definition and keeps the paused flag and cursor.
-- Returns: nothing.
redis.call('HSET', KEYS[1], 'k', ARGV[1], 'q', ARGV[2], 'a', ARGV[3], 'c', ARGV[4], 'z', ARGV[5], 'w', ARGV[6],
    'm', ARGV[7], 'p', ARGV[8])
if ARGV[9] == '' then
    redis.call('HSETNX', KEYS[1], 'h', '0')
    return
end
redis.call('HSET', KEYS[1], 'h', ARGV[9])
if ARGV[10] == '' then
    redis.call('HDEL', KEYS[1], 'r')
else
    redis.call('HSET', KEYS[1], 'r', ARGV[10])
end
