#!lua
-- Adds minutes of per-queue statistics into one partition: each minute's counts and duration buckets are added to its
-- hash (created if new) and its depth set when given. No allow-oom: a server over maxmemory refuses the whole script,
-- and the caller keeps its counts for a later call.
-- KEYS: [1] the partition's stats zset (<minute>:<queue> by minute).
-- ARGV: [1] partition base, [2] duration buckets per minute (B), then 6 + B per minute: minute (µs, a whole minute),
-- queue, depth ('' = none), processed, failed, discarded, then the B bucket counts.
-- Guard: none needed: every count is added with HINCRBY inside this one script, so writers of many processes adding
-- into one minute at once never lose a count, and the minute's hash and its zset entry appear together.
-- Returns: how many minutes were written.
local base, buckets = ARGV[1], tonumber(ARGV[2])
local width = 6 + buckets
local written = 0
for at = 3, #ARGV, width do
    local member = ARGV[at] .. ':' .. ARGV[at + 1]
    local minute = base .. 'stats:' .. member
    -- Always, so that a minute of zeros exists too.
    redis.call('HINCRBY', minute, 'p', ARGV[at + 3])
    if ARGV[at + 4] ~= '0' then
        redis.call('HINCRBY', minute, 'f', ARGV[at + 4])
    end
    if ARGV[at + 5] ~= '0' then
        redis.call('HINCRBY', minute, 'd', ARGV[at + 5])
    end
    for b = 0, buckets - 1 do
        local n = ARGV[at + 6 + b]
        if n ~= '0' then
            redis.call('HINCRBY', minute, int(b), n)
        end
    end
    if ARGV[at + 2] ~= '' then
        redis.call('HSET', minute, 'a', ARGV[at + 2])
    end
    redis.call('ZADD', KEYS[1], ARGV[at], member)
    written = written + 1
end
return written
