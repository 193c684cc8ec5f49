#!lua flags=allow-oom
-- Takes one execution from a rate limit (IRateLimitStore's sliding window), on the store's clock. Allowed on a full
-- server, like fetch: a refused take would fail the attempt of a job a worker already holds, so a full server could
-- not be drained of rate-limited jobs; the sorted set holds at most the limit's worth of small members.
-- KEYS: [1] the limited key's sorted set (member = take time in µs and a suffix unique per take, score = take time).
-- ARGV: [1] now ('' = server TIME), [2] limit, [3] period (µs), [4] the take's unique suffix.
-- Rule: takes a period old or older are dropped, then all but the newest limit; fewer than limit left allows the take
-- (its time is added, and the set expires a period after it, so an idle key disappears); otherwise it is refused.
-- Returns: {0, now} when allowed (now in µs: with ARGV[4] the take's token, its member now:ARGV[4], which
-- rate_release.lua removes), else {wait, 0}: the wait in µs until the oldest kept take is a period old
-- (oldest + period - now).
local now = clock(ARGV[1])
local limit, period = tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - period))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
if redis.call('ZCARD', KEYS[1]) < limit then
    redis.call('ZADD', KEYS[1], int(now), int(now) .. ':' .. ARGV[4])
    redis.call('PEXPIRE', KEYS[1], int(math.ceil(period / 1000)))
    return {0, now}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {tonumber(oldest[2]) + period - now, 0}
