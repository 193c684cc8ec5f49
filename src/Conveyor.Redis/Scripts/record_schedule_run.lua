#!lua flags=allow-oom
-- Records that the job of one of a schedule's ticks reached a final state. Allowed on a full server: it sets at most
-- four fields of an existing hash, and a run that finished there must still show.
-- KEYS: [1] the schedule's hash. ARGV: [1] tick (microseconds), [2] final state (its name: Completed, Discarded or
-- Cancelled), [3] finished at (microseconds).
-- Guard: the hash exists. The last run (t, s, f) is replaced only by a run of a tick at or after its own (runs finish
-- out of order, and a late retry of an older tick must not hide a newer one); the last success (u) only moves
-- forward, and only on Completed.
-- Returns: 1, or 0 when there is no such schedule.
if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
local tick = tonumber(ARGV[1])
local last = redis.call('HMGET', KEYS[1], 't', 'u')
if not last[1] or tonumber(last[1]) <= tick then
    redis.call('HSET', KEYS[1], 't', ARGV[1], 's', ARGV[2], 'f', ARGV[3])
end
if ARGV[2] == 'Completed' and (not last[2] or tonumber(last[2]) < tick) then
    redis.call('HSET', KEYS[1], 'u', ARGV[1])
end
return 1
