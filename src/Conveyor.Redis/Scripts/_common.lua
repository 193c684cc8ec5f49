-- Shared helpers, put after the flags line of every script. Times are whole microseconds since the Unix epoch.
-- A job is the hash <base>job:<id> with fields i id, k kind, q queue, a args, s state (JobState as a digit), n attempt,
-- m max attempts, p priority, d due, c created, t attempted, f finalized, o lease owner and l lease expiry (empty
-- when not running),
-- u unique key, e errors (JSON objects, one per line, oldest first), g tags (a JSON array), x cancel requested.

-- The clock: the time the caller passed (a test clock), else the server's TIME.
local function clock(arg)
    if arg ~= '' then
        return tonumber(arg)
    end
    local time = redis.call('TIME')
    return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

-- An integer as decimal digits (tostring would switch to exponent notation past 14 digits).
local function int(n)
    return string.format('%d', n)
end

-- A job's member in its queue's ready set: the score is the priority, and members of one score sort by due time,
-- then id, as fixed-width digits.
local function ready_member(due, id)
    return string.format('%016d:%016d', due, id)
end

-- The job id in a ready member.
local function ready_id(member)
    return tonumber(string.sub(member, 18))
end

-- Moves n jobs of queue between states in the per-queue, per-state counts.
local function count(counts, queue, from, to, n)
    if from ~= nil then
        redis.call('HINCRBY', counts, from .. ':' .. queue, -n)
    end
    if to ~= nil then
        redis.call('HINCRBY', counts, to .. ':' .. queue, n)
    end
end

-- Runs a variadic command (ZADD, ZREM…) on key with a flat argument list, in chunks small enough for unpack: one
-- call per chunk instead of one per job keeps both the script and the AOF's share of it short.
local function bulk(command, key, args)
    for i = 1, #args, 2000 do
        redis.call(command, key, unpack(args, i, math.min(i + 1999, #args)))
    end
end

-- Adds n to the tally of field in a table of tallies (written once per script with flush_counts).
local function tally(tallies, field, n)
    tallies[field] = (tallies[field] or 0) + n
end

-- Writes tallies of state:queue fields into the counts hash.
local function flush_counts(counts, tallies)
    for field, n in pairs(tallies) do
        if n ~= 0 then
            redis.call('HINCRBY', counts, field, n)
        end
    end
end

-- Frees a unique key if this job holds it.
local function release_key(unique, key, id)
    if key and redis.call('HGET', unique, key) == id then
        redis.call('HDEL', unique, key)
    end
end

-- Takes a job out of the set its state keeps it in (ready, scheduled, running or its final state's).
local function unindex(base, id, state, queue, due)
    if state == '0' then
        redis.call('ZREM', base .. 'ready:' .. queue, ready_member(tonumber(due), tonumber(id)))
    elseif state == '1' or state == '3' then
        redis.call('ZREM', base .. 'scheduled', id)
    elseif state == '2' then
        redis.call('ZREM', base .. 'running', id)
    else
        redis.call('ZREM', base .. 'final:' .. state, id)
    end
end
