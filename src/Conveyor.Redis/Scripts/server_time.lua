#!lua flags=no-writes,allow-oom
-- The server's clock, which every due time and lease of the store is compared against.
-- KEYS: none. ARGV: none.
-- Returns: the server's TIME as whole microseconds since the Unix epoch (an integer).
local time = redis.call('TIME')
return tonumber(time[1]) * 1000000 + tonumber(time[2])
