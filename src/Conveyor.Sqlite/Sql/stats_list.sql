-- The minutes of every queue starting at or after @since (Unix microseconds), by queue, then minute. Reads the range of
-- conveyor_stats_minute and sorts what it returns: left to itself, the planner would scan the whole table in key order
-- to save that sort, reading a day of minutes to return the last hour. Columns: queue, minute, processed, failed,
-- discarded, depth, d0 … d16.
SELECT queue, minute, processed, failed, discarded, depth,
       d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16
FROM conveyor_stats INDEXED BY conveyor_stats_minute
WHERE minute >= @since
ORDER BY queue, minute;
