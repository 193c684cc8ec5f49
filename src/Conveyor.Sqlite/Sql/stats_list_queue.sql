-- The minutes of queue @queue starting at or after @since (Unix microseconds), in order: one range of the primary key.
-- Columns as stats_list.
SELECT queue, minute, processed, failed, discarded, depth,
       d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16
FROM conveyor_stats
WHERE queue = @queue AND minute >= @since
ORDER BY minute;
