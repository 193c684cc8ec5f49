#!lua
-- Inserts a batch of jobs of one partition, all or none: the caller validated every job, so nothing below can fail
-- half-way, and the flags line (no allow-oom) makes a server over maxmemory refuse the whole script before it runs.
-- KEYS: [1] ids counter, [2] unique keys hash, [3] jobs index (zset by id), [4] counts hash, [5] scheduled zset.
-- ARGV: [1] now ('' = server TIME), [2] partition base, [3] id multiplier, [4] id offset, [5] wake channel, then 8
-- per job: kind, queue, args, max attempts, priority, due ('' = now), unique key ('' = none), tags JSON ('' = none).
-- Guard: the unique keys hash. A job whose key an unfinished job holds inserts nothing and gets the holder's id.
-- A job due by now is inserted available (into its queue's ready set), a later one scheduled. A queue whose ready
-- set was empty is woken on the channel.
-- Returns: {id, inserted (1 or 0)} per job, flattened, in request order.
local now = clock(ARGV[1])
local base, multiplier, offset, channel = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local jobs = (#ARGV - 5) / 8
local result = {}
local fresh = 0
for i = 0, jobs - 1 do
    local key = ARGV[5 + i * 8 + 7]
    local holder = key ~= '' and redis.call('HGET', KEYS[2], key) or false
    if holder then
        result[i * 2 + 1], result[i * 2 + 2] = tonumber(holder), 0
    else
        fresh = fresh + 1
    end
end

local seq = redis.call('INCRBY', KEYS[1], fresh) - fresh
local indexed, scheduled, ready, counts = {}, {}, {}, {}
for i = 0, jobs - 1 do
    if result[i * 2 + 1] == nil then
        local at = 5 + i * 8
        local kind, queue, args, max, priority, due, key, tags =
            ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5], ARGV[at + 6], ARGV[at + 7], ARGV[at + 8]
        seq = seq + 1
        local id = seq * multiplier + offset
        local digits = int(id)
        due = due == '' and now or math.max(tonumber(due), now)
        local state = due > now and '1' or '0'
        local fields = { 'i', digits, 'k', kind, 'q', queue, 'a', args, 's', state, 'n', 0, 'm', max, 'p', priority,
            'd', int(due), 'c', int(now) }
        if key ~= '' then
            fields[#fields + 1], fields[#fields + 2] = 'u', key
            redis.call('HSET', KEYS[2], key, digits)
        end
        if tags ~= '' then
            fields[#fields + 1], fields[#fields + 2] = 'g', tags
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
    bulk('ZADD', KEYS[3], indexed)
end
if #scheduled > 0 then
    bulk('ZADD', KEYS[5], scheduled)
end
for queue, members in pairs(ready) do
    local key = base .. 'ready:' .. queue
    local empty = redis.call('ZCARD', key) == 0
    bulk('ZADD', key, members)
    if empty then
        redis.call('PUBLISH', channel, queue)
    end
end
flush_counts(KEYS[4], counts)
return result
