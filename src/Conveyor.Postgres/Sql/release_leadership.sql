-- Gives up leadership @name if @owner holds it. Inputs: @name @owner.
DELETE FROM {schema}.leaders WHERE name = @name AND owner = @owner;
