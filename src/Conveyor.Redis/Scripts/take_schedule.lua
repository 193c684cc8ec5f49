#!lua flags=allow-oom
-- Removes a schedule's hash from its old queue's partition and returns its state, when the schedule moves to another
-- queue: read and delete in one step, so no leader can advance the old hash after its cursor was read.
-- KEYS: [1] the schedule's hash. ARGV: none.
-- Guard: the hash exists.
-- Returns: {paused (1 or 0), cursor, last run tick, last run state, last run finished at, last success tick} ('' for
-- each one absent), or nil when there was no hash.
local state = redis.call('HMGET', KEYS[1], 'h', 'r', 't', 's', 'f', 'u')
if redis.call('DEL', KEYS[1]) == 0 then
    return false
end
return { state[1] or '0', state[2] or '', state[3] or '', state[4] or '', state[5] or '', state[6] or '' }
