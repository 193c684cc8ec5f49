-- Resolves the firing alert of @rule and @subject at @at. Inputs: @rule @subject @at. Guard: resolved_at IS NULL.
-- The command's row count is 1 if it resolved one, 0 if none was firing.
UPDATE {schema}.alerts SET resolved_at = @at
WHERE rule = @rule AND subject = @subject AND resolved_at IS NULL;
