#!lua flags=allow-oom
-- Deletes jobs of one partition, with every index entry, the unique key they hold and their place in their line (the
-- line's next job is fetched at its workers' next poll).
-- KEYS: [1] unique keys hash, [2] counts hash, [3] jobs index. ARGV: [1] partition base, then the ids.
-- Guard: not running (a running job's worker still holds it). Returns: the deleted ids.
local base = ARGV[1]
local deleted = {}
for at = 2, #ARGV do
    local id = ARGV[at]
    local job = base .. 'job:' .. id
    local state, queue, due, key, kind, okey = unpack(redis.call('HMGET', job, 's', 'q', 'd', 'u', 'k', 'z'))
    if state and state ~= '2' then
        unindex(base, id, state, queue, due)
        release_key(KEYS[1], key, id)
        leave_line(base, queue, kind, okey, id)
        redis.call('DEL', job)
        redis.call('ZREM', KEYS[3], id)
        count(KEYS[2], queue, state, nil, 1)
        deleted[#deleted + 1] = tonumber(id)
    end
end
return deleted
