-- The minutes starting at or after @since, of queue @queue (NULL: every queue), by queue (bytewise: the column's
-- "C" collation), then minute. Inputs: @since @queue. The minutes since @since are read off stats_minute (a range
-- that retention bounds, queue checked on each row) and sorted.
SELECT queue, minute, processed, failed, discarded, durations, depth
FROM {schema}.stats
WHERE minute >= @since AND (@queue IS NULL OR queue = @queue)
ORDER BY queue, minute;
