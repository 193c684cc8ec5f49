#!lua flags=allow-oom
-- Renews an owner's leases to now + lease.
-- KEYS: [1] running zset. ARGV: [1] now ('' = server TIME), [2] partition base, [3] owner, [4] lease (µs), then
-- 2 per lease: id, attempt.
-- Guard: still running with the same attempt and owner; a lease that fails it is lost.
-- Returns: per lease in request order, 0 (lost), 1 (renewed) or 2 (renewed, and a cancel is pending).
local now = clock(ARGV[1])
local base, owner, expires = ARGV[2], ARGV[3], now + tonumber(ARGV[4])
local result = {}
for at = 5, #ARGV, 2 do
    local id, attempt = ARGV[at], ARGV[at + 1]
    local job = base .. 'job:' .. id
    local state, current, holder, cancel = unpack(redis.call('HMGET', job, 's', 'n', 'o', 'x'))
    if state == '2' and current == attempt and holder == owner then
        redis.call('HSET', job, 'l', int(expires))
        redis.call('ZADD', KEYS[1], expires, id)
        result[#result + 1] = cancel and 2 or 1
    else
        result[#result + 1] = 0
    end
end
return result
