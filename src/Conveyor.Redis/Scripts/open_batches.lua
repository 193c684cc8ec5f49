#!lua flags=no-writes,allow-oom
-- Lists a page of one partition's open batches, by id, with how far their closer got: the start of a close.
-- KEYS: [1] open batches zset (by id). ARGV: [1] partition base, [2] after this id (exclusive; 0 from the start),
-- [3] at most this many.
-- Returns: 4 per batch, flattened: id, jobs known finished (a prefix of its jobs, in order), total, and the id of
-- the first job after that prefix ('' when there is none).
local base, after, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local result = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. after, '+inf', 'LIMIT', 0, limit)) do
    local batch = base .. 'batch:' .. id
    local seen, total = unpack(redis.call('HMGET', batch, 's', 't'))
    seen, total = tonumber(seen) or 0, tonumber(total) or 0
    local first = seen < total and redis.call('LINDEX', batch .. ':jobs', seen) or ''
    result[#result + 1], result[#result + 2], result[#result + 3], result[#result + 4] = tonumber(id), seen, total, first or ''
end
return result
