#!lua
-- Creates a batch, all or nothing: inserts its new jobs and its held callback (as insert.lua does) and records the
-- batch over them and the existing jobs it names. No allow-oom: a server over maxmemory refuses the whole script.
-- The batch lives in the partition of its callback's queue (the first group below); every key of the script is in
-- that partition's hash slot (on a single server every queue shares it).
-- KEYS: [1] batch ids counter, [2] batches zset (by id), [3] open batches zset (by id), [4] callback → batch hash,
-- then 5 per group of new jobs, as insert.lua's KEYS[1] to [5] (the callback's partition first), then the hashes of
-- the existing jobs to check.
-- ARGV: [1] now ('' = server TIME), [2] wake channel, [3] condition (0 all finished, 1 all succeeded), [4] groups,
-- [5] the callback's position among the jobs this script inserts (counted across groups, from 1), [6] existing jobs
-- to check (their hashes are the last KEYS), then their ids; then per group: partition base, id multiplier, id
-- offset, jobs, and 10 per job as insert.lua (the callback due at the held time, with no unique key); then one entry
-- per member of the batch, in order: an existing job's id, or '#k' for the k-th job this script inserts.
-- Guard: every existing job to check exists; otherwise nothing is written. The caller checked the existing jobs of
-- other slots before, and validated every job, so nothing below can fail half-way.
-- Returns: {0, the missing ids…} when an existing job is missing; else {batch id, then insert.lua's {id, inserted}
-- per inserted job, flattened, in the order of the groups}.
local now = clock(ARGV[1])
local channel, condition, groups, callback_at, checks = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local checked_keys = #KEYS - checks
local missing = {}
for c = 1, checks do
    if redis.call('EXISTS', KEYS[checked_keys + c]) == 0 then
        missing[#missing + 1] = tonumber(ARGV[6 + c])
    end
end
if #missing > 0 then
    table.insert(missing, 1, 0)
    return missing
end

local at = 6 + checks
local home, home_multiplier, home_offset
local inserted = {}
for g = 0, groups - 1 do
    local k = 4 + g * 5
    local base, multiplier, offset, jobs = ARGV[at + 1], tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3]), tonumber(ARGV[at + 4])
    if g == 0 then
        home, home_multiplier, home_offset = base, multiplier, offset
    end
    local result = insert_into(now, { KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5] }, base, multiplier,
        offset, channel, at + 4, jobs)
    for _, value in ipairs(result) do
        inserted[#inserted + 1] = value
    end
    at = at + 4 + jobs * JOB_ARGS
end

local members = {}
for m = at + 1, #ARGV do
    local member = ARGV[m]
    members[#members + 1] = string.sub(member, 1, 1) == '#' and int(inserted[tonumber(string.sub(member, 2)) * 2 - 1]) or member
end

local callback = int(inserted[callback_at * 2 - 1])
local id = int(redis.call('INCR', KEYS[1]) * home_multiplier + home_offset)
local batch = home .. 'batch:' .. id
redis.call('HSET', batch, 'i', id, 'b', callback, 'o', condition, 't', #members, 'c', int(now))
if #members > 0 then
    bulk('RPUSH', batch .. ':jobs', members)
end
redis.call('ZADD', KEYS[2], id, id)
redis.call('ZADD', KEYS[3], id, id)
redis.call('HSET', KEYS[4], callback, id)
table.insert(inserted, 1, tonumber(id))
return inserted
