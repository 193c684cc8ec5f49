#!lua flags=allow-oom
-- Applies a batch of decided completions of one partition.
-- KEYS: [1] running zset, [2] counts hash, [3] scheduled zset, [4] unique keys hash.
-- ARGV: [1] now ('' = server TIME), [2] partition base, [3] errors kept per job, [4] wake channel, then 8 per
-- completion: id, attempt, owner (the guard), target state (a digit), charges the attempt (1 or 0), delay until due
-- again (µs from now; '' keeps the due time), the error to append (a JSON object on one line, or ''), the result to
-- keep (UTF-8 JSON, or '' for none).
-- Guard: state running, attempt and lease owner as given; otherwise nothing changes (stale).
-- Final states set finalized now, join their state's final zset (for retention) and free the unique key; retryable
-- and scheduled jobs join the scheduled zset at their due time; an interrupted job goes back to its ready set, and
-- its queue is woken. A job of a line that finishes leaves it, and the line's next job, if available, goes back to
-- its ready set (its queue is woken); one that will run again keeps its place, holding the jobs behind it. A result is kept in field r; with none, r stays absent (fetch.lua deleted it when the attempt
-- started).
-- Returns: 1 (applied) or 0 (stale) per completion, in request order.
local now = clock(ARGV[1])
local base, max_errors, channel = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local result, woken, released, counts, finals = {}, {}, {}, {}, {}
for at = 5, #ARGV, 8 do
    local id, attempt, owner, target, charges, delay, err, kept =
        ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5], ARGV[at + 6], ARGV[at + 7]
    local job = base .. 'job:' .. id
    local state, current, holder, queue, due, priority, key, kind, okey =
        unpack(redis.call('HMGET', job, 's', 'n', 'o', 'q', 'd', 'p', 'u', 'k', 'z'))
    if state ~= '2' or current ~= attempt or holder ~= owner then
        result[#result + 1] = 0
    else
        released[#released + 1] = id
        if delay ~= '' then
            due = int(now + tonumber(delay))
        end
        local attempts = charges == '1' and current or tonumber(current) - 1
        if target == '4' or target == '5' or target == '6' then
            redis.call('HSET', job, 's', target, 'n', attempts, 'd', due, 'o', '', 'l', '', 'f', int(now))
            local final = finals[target] or {}
            finals[target] = final
            final[#final + 1], final[#final + 2] = now, id
            release_key(KEYS[4], key, id)
            local next_queue = leave_line(base, queue, kind, okey, id)
            if next_queue then
                woken[next_queue] = true
            end
        else
            redis.call('HSET', job, 's', target, 'n', attempts, 'd', due, 'o', '', 'l', '')
            if target == '0' then
                redis.call('ZADD', base .. 'ready:' .. queue, priority, ready_member(tonumber(due), tonumber(id)))
                woken[queue] = true
            else
                redis.call('ZADD', KEYS[3], due, id)
            end
        end
        if err ~= '' then
            local errors = redis.call('HGET', job, 'e')
            errors = errors and (errors .. '\n' .. err) or err
            local lines = 1
            for _ in string.gmatch(errors, '\n') do
                lines = lines + 1
            end
            while lines > max_errors do
                errors = string.sub(errors, string.find(errors, '\n', 1, true) + 1)
                lines = lines - 1
            end
            redis.call('HSET', job, 'e', errors)
        end
        if kept ~= '' then
            redis.call('HSET', job, 'r', kept)
        end
        tally(counts, '2:' .. queue, -1)
        tally(counts, target .. ':' .. queue, 1)
        result[#result + 1] = 1
    end
end

if #released > 0 then
    bulk('ZREM', KEYS[1], released)
end
for state, final in pairs(finals) do
    bulk('ZADD', base .. 'final:' .. state, final)
end
flush_counts(KEYS[2], counts)
for queue in pairs(woken) do
    redis.call('PUBLISH', channel, queue)
end
return result
