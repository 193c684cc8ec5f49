#!lua
-- Writes a schedule's definition. No allow-oom: a server over maxmemory refuses it, and the caller sees the error.
-- KEYS: [1] the schedule's hash (in the partition of its queue).
-- ARGV: [1] kind, [2] queue, [3] args, [4] cron, [5] time zone, [6] misfire policy, [7] max attempts, [8] priority,
-- [9] paused ('' = keep the hash's own, 0 for a new hash), then, read only when [9] is given ('' = none): [10] cursor,
-- [11] last run tick, [12] last run state, [13] last run finished at, [14] last success tick. [9] to [14] carry the
-- state of a schedule moved here from another queue's partition.
-- Guard: none; an update replaces the definition and keeps the paused flag, cursor and recorded runs.
-- Returns: nothing.
redis.call('HSET', KEYS[1], 'k', ARGV[1], 'q', ARGV[2], 'a', ARGV[3], 'c', ARGV[4], 'z', ARGV[5], 'w', ARGV[6],
    'm', ARGV[7], 'p', ARGV[8])
if ARGV[9] == '' then
    redis.call('HSETNX', KEYS[1], 'h', '0')
    return
end
redis.call('HSET', KEYS[1], 'h', ARGV[9])
local carried = { { 'r', ARGV[10] }, { 't', ARGV[11] }, { 's', ARGV[12] }, { 'f', ARGV[13] }, { 'u', ARGV[14] } }
for _, field in ipairs(carried) do
    if field[2] == '' then
        redis.call('HDEL', KEYS[1], field[1])
    else
        redis.call('HSET', KEYS[1], field[1], field[2])
    end
end
