-- Gives up leadership @name if @owner holds it.
DELETE FROM conveyor_leaders WHERE name = @name AND owner = @owner;
