#!lua flags=allow-oom
-- Records how many of an open batch's jobs, in order, its closers saw finished, so the next close reads on from
-- there instead of from the first job. Only a hint: a batch is closed only after every job was read finished.
-- KEYS: [1] the batch's hash. ARGV: [1] jobs known finished.
-- Guard: the batch exists and is open (a closed or deleted batch is left as it is).
-- Returns: 1, or 0 when the guard failed.
local batch = redis.call('HMGET', KEYS[1], 'i', 'z')
if not batch[1] or batch[2] then
    return 0
end
redis.call('HSET', KEYS[1], 's', ARGV[1])
return 1
