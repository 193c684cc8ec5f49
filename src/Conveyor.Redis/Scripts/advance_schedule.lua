#!lua
-- Moves a schedule's cursor and inserts the jobs of the ticks it passed, in one step: two leaders reading the same
-- cursor cannot both enqueue a tick. No allow-oom: a server over maxmemory refuses the whole script, as insert.lua.
-- KEYS: [1] to [5] as insert.lua (the partition of the schedule's queue), [6] the schedule's hash.
-- ARGV: [1] to [5] as insert.lua, [6] the schedule's queue, [7] expected cursor ('' = none), [8] new cursor, then 10
-- per job as insert.lua (every job of the schedule's queue).
-- Guard: the hash exists, its queue is still [6] (it was not saved to another queue meanwhile), it is not paused and
-- its cursor equals [7]. Otherwise nothing changes.
-- Returns: nil when the guard failed, else insert.lua's {id, inserted (1 or 0)} per job, flattened.
local schedule = redis.call('HMGET', KEYS[6], 'q', 'h', 'r')
if schedule[1] ~= ARGV[6] or schedule[2] == '1' or (schedule[3] or '') ~= ARGV[7] then
    return false
end
redis.call('HSET', KEYS[6], 'r', ARGV[8])
return insert_jobs(clock(ARGV[1]), 8)
