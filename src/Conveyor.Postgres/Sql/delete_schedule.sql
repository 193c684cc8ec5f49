-- Deletes schedule @name; the jobs it enqueued stay. The count of rows deleted (0 or 1) says whether it existed.
DELETE FROM {schema}.schedules WHERE name = @name;
