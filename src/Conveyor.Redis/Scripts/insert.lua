#!lua
-- Inserts a batch of jobs of one partition, all or none: the caller validated every job, so nothing below can fail
-- half-way, and the flags line (no allow-oom) makes a server over maxmemory refuse the whole script before it runs.
-- KEYS: [1] ids counter, [2] unique keys hash, [3] jobs index (zset by id), [4] counts hash, [5] scheduled zset.
-- ARGV: [1] now ('' = server TIME), [2] partition base, [3] id multiplier, [4] id offset, [5] wake channel, then 10
-- per job: kind, queue, args, max attempts, priority, due ('' = now), unique key ('' = none), tags JSON ('' = none),
-- W3C traceparent ('' = none), ordering key ('' = none).
-- Guard: the unique keys hash. A job whose key an unfinished job holds inserts nothing and gets the holder's id.
-- A job due by now is inserted available (into its queue's ready set), a later one scheduled. A queue whose ready
-- set was empty is woken on the channel; a job with an ordering key joins its line. The work is insert_jobs in
-- _common.lua, which advance_schedule.lua shares.
-- Returns: {id, inserted (1 or 0)} per job, flattened, in request order.
return insert_jobs(clock(ARGV[1]), 5)
