#!lua flags=no-writes,allow-oom
-- Lists running jobs of one partition whose lease ran out by now, oldest expiry first.
-- KEYS: [1] running zset (by lease expiry). ARGV: [1] now ('' = server TIME), [2] partition base, [3] limit.
-- Returns: each job as its hash's field/value list (HGETALL), then its id from its key.
local now = clock(ARGV[1])
local base, limit = ARGV[2], tonumber(ARGV[3])
local result = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)) do
    local job = redis.call('HGETALL', base .. 'job:' .. id)
    if #job > 0 then
        -- Its id from its key last (a reader keeps the last), so the rescue is addressed right whatever the hash says.
        job[#job + 1], job[#job + 2] = 'i', id
        result[#result + 1] = job
    end
end
return result
