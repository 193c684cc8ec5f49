#!lua flags=allow-oom
-- Deletes up to a limit of jobs of one partition in one final state that were finalized before a cutoff, oldest
-- first, of the queues a filter keeps. A call looks at a bounded number of the state's entries; a job of a queue the
-- filter leaves out keeps its entry, and the caller's next call passes over it, so such jobs never hide later ones.
-- KEYS: [1] the state's final zset (by finalized time), [2] jobs index, [3] counts hash.
-- ARGV: [1] partition base, [2] state (a digit), [3] cutoff (µs, exclusive), [4] limit, [5] entries to pass over
-- first (the ones the earlier calls of this walk left), [6] at most this many entries to look at, [7] 'only' to
-- delete only jobs of the queues that follow, or 'except' to delete all but theirs, then the queues.
-- Guard: the job is still in that state (a job retried since it finished has left the zset, and is checked again),
-- and its queue passes the filter.
-- Returns: {deleted, entries to pass over in the next call, 1 when entries before the cutoff may be left unseen
-- else 0}.
local base, state, before, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local passed, look, only = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7] == 'only'
local listed = {}
for at = 8, #ARGV do
    listed[ARGV[at]] = true
end

local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. before, 'LIMIT', passed, look)
local deleted, i = 0, 1
while i <= #ids and deleted < limit do
    local id = ids[i]
    local job = base .. 'job:' .. id
    local current, queue = unpack(redis.call('HMGET', job, 's', 'q'))
    if current ~= state then
        redis.call('ZREM', KEYS[1], id)
    elseif (listed[queue] == true) == only then
        redis.call('ZREM', KEYS[1], id)
        redis.call('DEL', job)
        redis.call('ZREM', KEYS[2], id)
        count(KEYS[3], queue, state, nil, 1)
        deleted = deleted + 1
    else
        passed = passed + 1
    end
    i = i + 1
end
return { deleted, passed, #ids == look and 1 or 0 }
