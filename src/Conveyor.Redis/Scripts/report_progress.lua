#!lua flags=allow-oom
-- Records how far a running attempt is: percent, message and now. Allowed on a full server (a few bytes per running
-- job), so a handler that reports progress does not fail there.
-- KEYS: [1] the job's hash. ARGV: [1] now ('' = server TIME), [2] attempt, [3] owner, [4] percent, [5] message
-- ('' = none).
-- Guard: state running, attempt and lease owner as given (complete.lua's); otherwise nothing changes (stale).
-- Returns: 1 (recorded) or 0 (stale).
local state, current, holder = unpack(redis.call('HMGET', KEYS[1], 's', 'n', 'o'))
if state ~= '2' or current ~= ARGV[2] or holder ~= ARGV[3] then
    return 0
end
redis.call('HSET', KEYS[1], 'b', ARGV[4], 'y', int(clock(ARGV[1])))
if ARGV[5] == '' then
    redis.call('HDEL', KEYS[1], 'w')
else
    redis.call('HSET', KEYS[1], 'w', ARGV[5])
end
return 1
