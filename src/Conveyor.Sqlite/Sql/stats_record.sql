-- Adds minutes of statistics. Input: @minutes, a JSON array with one array per (queue, minute):
-- [queue, minute (Unix microseconds), processed, failed, discarded, depth (null for none), d0, …, d16].
-- A new (queue, minute) is inserted as given; an existing one gets each count and duration bucket added to its own, in
-- SQL, and takes the depth only when one is given. Runs in a BEGIN IMMEDIATE transaction, one writer at a time across
-- every process, so no writer's counts are lost; one statement for all the minutes.
INSERT INTO conveyor_stats (queue, minute, processed, failed, discarded, depth,
                            d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16)
SELECT m.value ->> 0, m.value ->> 1, m.value ->> 2, m.value ->> 3, m.value ->> 4, m.value ->> 5,
       m.value ->> 6, m.value ->> 7, m.value ->> 8, m.value ->> 9, m.value ->> 10, m.value ->> 11, m.value ->> 12,
       m.value ->> 13, m.value ->> 14, m.value ->> 15, m.value ->> 16, m.value ->> 17, m.value ->> 18, m.value ->> 19,
       m.value ->> 20, m.value ->> 21, m.value ->> 22
FROM json_each(@minutes) AS m
WHERE true
ON CONFLICT (queue, minute) DO UPDATE SET
    processed = processed + excluded.processed,
    failed = failed + excluded.failed,
    discarded = discarded + excluded.discarded,
    depth = coalesce(excluded.depth, depth),
    d0 = d0 + excluded.d0, d1 = d1 + excluded.d1, d2 = d2 + excluded.d2, d3 = d3 + excluded.d3,
    d4 = d4 + excluded.d4, d5 = d5 + excluded.d5, d6 = d6 + excluded.d6, d7 = d7 + excluded.d7,
    d8 = d8 + excluded.d8, d9 = d9 + excluded.d9, d10 = d10 + excluded.d10, d11 = d11 + excluded.d11,
    d12 = d12 + excluded.d12, d13 = d13 + excluded.d13, d14 = d14 + excluded.d14, d15 = d15 + excluded.d15,
    d16 = d16 + excluded.d16;
