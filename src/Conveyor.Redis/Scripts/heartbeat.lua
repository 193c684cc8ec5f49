#!lua flags=allow-oom
-- Records that a node is alive now.
-- KEYS: [1] nodes hash (id → the node as JSON), [2] seen zset (id by last report). ARGV: [1] now ('' = server
-- TIME), [2] node id, [3] the node as JSON.
-- Returns: the time recorded (µs).
local now = clock(ARGV[1])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], now, ARGV[2])
return now
