#!lua flags=allow-oom
-- Gives up a named leadership if the owner holds it.
-- KEYS: [1] leaders hash. ARGV: [1] name, [2] owner.
-- Guard: held by the owner. Returns: 1 when released, else 0.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
    return 0
end
redis.call('HDEL', KEYS[1], ARGV[1], ARGV[1] .. ':until')
return 1
