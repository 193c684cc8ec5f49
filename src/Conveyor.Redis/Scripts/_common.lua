-- Shared helpers, put after the flags line of every script. Times are whole microseconds since the Unix epoch.
-- A job is the hash <base>job:<id> with fields i id, k kind, q queue, a args, s state (JobState as a digit), n attempt,
-- m max attempts, p priority, d due, c created, t attempted, f finalized, o lease owner and l lease expiry (empty
-- when not running),
-- u unique key, e errors (JSON objects, one per line, oldest first), g tags (a JSON array), h the W3C traceparent of
-- its enqueue (absent when none), z the ordering key (absent when none), x cancel requested,
-- the running attempt's progress: b percent (0 to 100), w message (absent when none) and y when it was recorded, and
-- r the result a completed attempt stored (UTF-8 JSON; absent when none). b, w, y and r belong to one attempt:
-- fetch.lua deletes them when it starts the next one.
-- A line is the zset <base>line:<queue>:<length of kind>:<kind>:<ordering key>, in the partition of its queue: the
-- ids of its unfinished jobs, scored by id. Only its first job is ever claimed. A job behind it that a fetch pops from
-- its ready set is parked (left available, out of the ready set); whatever finishes a job of a line (complete, cancel,
-- delete, a batch's cancelled callback) calls leave_line, which puts the line's new first job back into its ready set
-- if it is available.
-- A recurring schedule is the hash <base>schedule:<name>, in the partition of its queue, with fields k kind, q queue,
-- a args, c cron expression, z time zone, w misfire policy (its name), m max attempts, p priority, h paused (1 or 0),
-- r cursor, and its last finished run t tick, s final state (its name), f finished at, and u last success tick (each
-- absent when none); the hash <global>schedules maps each name to its queue.
-- A batch is the hash <base>batch:<id>, in the partition of its callback's queue, with fields i id, b callback id,
-- o condition (0 all finished, 1 all succeeded), t total, c created, s how many of its jobs, in order, its closers
-- saw finished (absent = 0), and once closed z closed and the counts 4 completed, 5 discarded, 6 cancelled, g
-- deleted; its job ids are the list <base>batch:<id>:jobs, in the order they were added.
-- A minute of one queue's statistics is the hash <base>stats:<minute>:<queue> (minute: its start, µs), in the
-- partition of its queue, with fields p processed, f failed, d discarded, 0 to 16 the attempts per duration bucket
-- (a count absent is 0) and a the depth (absent when no leader sampled it); the zset <base>stats holds each
-- <minute>:<queue> scored by its minute.
-- An alert is the hash <global>alert:<id> with fields r rule, s subject, v severity, m message, f fired at, l last
-- seen and z resolved at (absent while it fires); <global>alerts holds every alert's id scored by itself (the
-- history), <global>alerts:firing maps <length of rule>:<rule>:<subject> to the id of the one alert of them firing,
-- <global>alerts:resolved holds the resolved ones' ids scored by when they resolved, and <global>alerts:ids is the
-- last id given. All in the global slot.

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

-- The line of a job of queue and kind with ordering key okey.
local function line_of(base, queue, kind, okey)
    return base .. 'line:' .. queue .. ':' .. #kind .. ':' .. kind .. ':' .. okey
end

-- Puts job id (digits) at its place in its line; a no-op for a job with no ordering key (okey false or '').
local function join_line(base, queue, kind, okey, id)
    if okey and okey ~= '' then
        redis.call('ZADD', line_of(base, queue, kind, okey), id, id)
    end
end

-- Whether job id (digits) may be claimed: it has no ordering key, or no unfinished job of its line has a lower id.
local function first_in_line(base, queue, kind, okey, id)
    if not okey or okey == '' then
        return true
    end
    local first = redis.call('ZRANGE', line_of(base, queue, kind, okey), 0, 0)[1]
    return first == nil or tonumber(first) == tonumber(id)
end

-- Takes job id (digits), which has finished or is deleted, out of its line, and puts the line's new first job into
-- its ready set when it is available (a fetch may have parked it; ZADD of the member it has is a no-op otherwise).
-- Returns the queue to wake, or nil.
local function leave_line(base, queue, kind, okey, id)
    if not okey or okey == '' then
        return nil
    end
    local line = line_of(base, queue, kind, okey)
    redis.call('ZREM', line, id)
    local first = redis.call('ZRANGE', line, 0, 0)[1]
    if first == nil then
        return nil
    end
    local state, priority, due = unpack(redis.call('HMGET', base .. 'job:' .. first, 's', 'p', 'd'))
    if state ~= '0' then
        return nil
    end
    redis.call('ZADD', base .. 'ready:' .. queue, priority, ready_member(tonumber(due), tonumber(first)))
    return queue
end

-- How many ARGV one new job takes (see insert_into).
local JOB_ARGS = 10

-- Inserts jobs of one partition (insert.lua's transition, shared with advance_schedule.lua and create_batch.lua):
-- keys holds the partition's ids counter, unique keys hash, jobs index, counts hash and scheduled zset, in insert.lua's
-- KEYS order; base, multiplier and offset are the partition's; from ARGV[first + 1] on come JOB_ARGS per job, for jobs
-- jobs: kind, queue, args, max attempts, priority, due ('' = now), unique key ('' = none), tags JSON ('' = none),
-- traceparent ('' = none), ordering key ('' = none). The caller validated every job, so nothing below can fail
-- half-way. A job with an ordering key joins its line.
-- Guard: the unique keys hash. A job whose key an unfinished job holds inserts nothing and gets the holder's id.
-- A job due by now is inserted available (into its queue's ready set), a later one scheduled. A queue whose ready
-- set was empty is woken on the channel.
-- Returns: {id, inserted (1 or 0)} per job, flattened, in request order.
local function insert_into(now, keys, base, multiplier, offset, channel, first, jobs)
    local result = {}
    local fresh = 0
    for i = 0, jobs - 1 do
        local key = ARGV[first + i * JOB_ARGS + 7]
        local holder = key ~= '' and redis.call('HGET', keys[2], key) or false
        if holder then
            result[i * 2 + 1], result[i * 2 + 2] = tonumber(holder), 0
        else
            fresh = fresh + 1
        end
    end

    local seq = redis.call('INCRBY', keys[1], fresh) - fresh
    local indexed, scheduled, ready, counts = {}, {}, {}, {}
    for i = 0, jobs - 1 do
        if result[i * 2 + 1] == nil then
            local at = first + i * JOB_ARGS
            local kind, queue, args, max, priority, due, key, tags, trace, okey =
                ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5], ARGV[at + 6], ARGV[at + 7], ARGV[at + 8],
                ARGV[at + 9], ARGV[at + 10]
            seq = seq + 1
            local id = seq * multiplier + offset
            local digits = int(id)
            due = due == '' and now or math.max(tonumber(due), now)
            local state = due > now and '1' or '0'
            local fields = { 'i', digits, 'k', kind, 'q', queue, 'a', args, 's', state, 'n', 0, 'm', max, 'p', priority,
                'd', int(due), 'c', int(now) }
            if key ~= '' then
                fields[#fields + 1], fields[#fields + 2] = 'u', key
                redis.call('HSET', keys[2], key, digits)
            end
            if tags ~= '' then
                fields[#fields + 1], fields[#fields + 2] = 'g', tags
            end
            if trace ~= '' then
                fields[#fields + 1], fields[#fields + 2] = 'h', trace
            end
            if okey ~= '' then
                fields[#fields + 1], fields[#fields + 2] = 'z', okey
                join_line(base, queue, kind, okey, digits)
            end
            redis.call('HSET', base .. 'job:' .. digits, unpack(fields))
            indexed[#indexed + 1], indexed[#indexed + 2] = id, digits
            if state == '0' then
                local members = ready[queue] or {}
                ready[queue] = members
                members[#members + 1], members[#members + 2] = priority, ready_member(due, id)
            else
                scheduled[#scheduled + 1], scheduled[#scheduled + 2] = due, digits
            end
            tally(counts, state .. ':' .. queue, 1)
            result[i * 2 + 1], result[i * 2 + 2] = id, 1
        end
    end

    if #indexed > 0 then
        bulk('ZADD', keys[3], indexed)
    end
    if #scheduled > 0 then
        bulk('ZADD', keys[5], scheduled)
    end
    for queue, members in pairs(ready) do
        local key = base .. 'ready:' .. queue
        local empty = redis.call('ZCARD', key) == 0
        bulk('ZADD', key, members)
        if empty then
            redis.call('PUBLISH', channel, queue)
        end
    end
    flush_counts(keys[4], counts)
    return result
end

-- Inserts the jobs that follow ARGV[first] into the partition of KEYS[1] to [5] and ARGV[2] to [5], as insert.lua
-- names them (see insert_into).
local function insert_jobs(now, first)
    return insert_into(now, KEYS, ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], first, (#ARGV - first) / JOB_ARGS)
end
