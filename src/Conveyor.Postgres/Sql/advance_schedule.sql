-- Moves schedule @name's cursor from @expected_cursor (NULL: never set) to @new_cursor. Inputs: @name
-- @expected_cursor @new_cursor, @now (NULL: the database clock). Guard: the schedule exists, is not paused and its
-- cursor is still the one the leader read. The UPDATE locks the row; a concurrent advance waits for that lock and,
-- under READ COMMITTED, re-checks the guard on the row as committed, so of many leaders with the same expected cursor
-- exactly one gets a row back. It runs in a transaction that inserts the ticks' jobs only if a row came back, and
-- the lock is held until that transaction ends.
UPDATE {schema}.schedules
SET cursor = @new_cursor, updated_at = coalesce(@now, statement_timestamp())
WHERE name = @name AND NOT paused AND cursor IS NOT DISTINCT FROM @expected_cursor
RETURNING name;
