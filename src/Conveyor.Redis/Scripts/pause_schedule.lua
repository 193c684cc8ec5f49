#!lua flags=allow-oom
-- Pauses or resumes a schedule; allowed on a full server, so an operator can stop a schedule there. Resuming clears
-- the cursor, so the ticks that passed while it was paused are skipped; pausing keeps it.
-- KEYS: [1] the schedule's hash. ARGV: [1] 1 to pause, 0 to resume.
-- Guard: the hash exists.
-- Returns: 1, or 0 when there is no such schedule.
if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
redis.call('HSET', KEYS[1], 'h', ARGV[1])
if ARGV[1] == '0' then
    redis.call('HDEL', KEYS[1], 'r')
end
return 1
