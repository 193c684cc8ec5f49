-- Deletes schedule @name; the jobs it enqueued stay. No row changed means there was none.
DELETE FROM conveyor_schedules WHERE name = @name;
