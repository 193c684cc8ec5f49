#!lua flags=allow-oom
-- Claims up to a limit of available jobs of one queue (unless it is paused) for an owner, leased from now.
-- KEYS: [1] the queue's ready set, [2] running zset (by lease expiry), [3] paused queues set, [4] counts hash.
-- ARGV: [1] now ('' = server TIME), [2] partition base, [3] queue, [4] limit, [5] owner, [6] lease (µs).
-- Guard: ZPOPMIN takes each job off the ready set as it claims it, inside this one script, so no other fetch can
-- see it again while it runs. Jobs come in priority, due time, id order (the ready set's order). The new attempt
-- starts with no progress and no result: a previous attempt's b, w, y and r fields are deleted.
-- Ordering: a job of a line that is not its line's first is parked, not claimed: it stays available but leaves the
-- ready set, and leave_line puts it back when the jobs before it have finished. So each job is popped while held back
-- at most once per wait, no fetch spins on a line, and the script pops again until it has the limit or the ready set
-- is empty. Claiming and the check are one script, so two jobs of a line never run at once.
-- Returns: each claimed job as a field/value list (its hash without the previous attempt's fields, then the fields the
-- claim set and its id, which win), in that order.

-- The fields of one attempt (progress and result), which a new attempt starts without.
local of_attempt = { b = true, w = true, y = true, r = true }
local now = clock(ARGV[1])
local base, queue, limit, owner, lease = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
if redis.call('SISMEMBER', KEYS[3], queue) == 1 then
    return {}
end

-- Whether the job of this hash (a field/value list) is first in its line, or in none.
local function claimable(fields, id)
    local kind, job_queue, okey = '', queue, false
    for f = 1, #fields, 2 do
        if fields[f] == 'k' then
            kind = fields[f + 1]
        elseif fields[f] == 'q' then
            job_queue = fields[f + 1]
        elseif fields[f] == 'z' then
            okey = fields[f + 1]
        end
    end
    return first_in_line(base, job_queue, kind, okey, id)
end

local expires = int(now + lease)
local attempted = int(now)
local claimed, running = {}, {}
local popped = redis.call('ZPOPMIN', KEYS[1], limit)
while #popped > 0 do
    for i = 1, #popped, 2 do
        local id = int(ready_id(popped[i]))
        local job = base .. 'job:' .. id
        local fields = redis.call('HGETALL', job)
        if #fields > 0 and claimable(fields, id) then
            -- An attempt count that is not a number (a hash written by hand) counts as none: a Lua error here would end
            -- the script after ZPOPMIN, and the popped jobs would be in no set at all, never fetched again.
            local attempt, previous = 1, false
            for f = 1, #fields, 2 do
                if fields[f] == 'n' then
                    attempt = (tonumber(fields[f + 1]) or 0) + 1
                elseif of_attempt[fields[f]] then
                    previous = true
                end
            end
            redis.call('HSET', job, 's', '2', 'n', attempt, 't', attempted, 'o', owner, 'l', expires)
            if previous then
                redis.call('HDEL', job, 'b', 'w', 'y', 'r')
                local kept = {}
                for f = 1, #fields, 2 do
                    if not of_attempt[fields[f]] then
                        kept[#kept + 1], kept[#kept + 2] = fields[f], fields[f + 1]
                    end
                end
                fields = kept
            end
            -- The claimed job as it now is: the hash read above (less the previous attempt's fields), then the fields this
            -- claim set (a reader keeps the last), then its id from its key, which its completion is addressed by whatever
            -- the hash says.
            local n = #fields
            fields[n + 1], fields[n + 2], fields[n + 3], fields[n + 4], fields[n + 5] = 's', '2', 'n', attempt, 't'
            fields[n + 6], fields[n + 7], fields[n + 8], fields[n + 9], fields[n + 10] = attempted, 'o', owner, 'l', expires
            fields[n + 11], fields[n + 12] = 'i', id
            claimed[#claimed + 1] = fields
            running[#running + 1], running[#running + 2] = expires, id
        end
    end
    popped = #claimed < limit and redis.call('ZPOPMIN', KEYS[1], limit - #claimed) or {}
end

if #claimed > 0 then
    bulk('ZADD', KEYS[2], running)
    count(KEYS[4], queue, '0', '2', #claimed)
end
return claimed
