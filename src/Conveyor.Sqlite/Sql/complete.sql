-- Applies one decided completion. Inputs: @id @attempt @owner (the guard), @state, @give_back (1 when the attempt
-- is not charged), @scheduled_at (NULL keeps it), @finalized_at, @error (JSON or NULL), @max_errors.
-- Guard: state = running AND attempt = @attempt AND lease_owner = @owner; otherwise nothing changes (stale).
UPDATE conveyor_jobs
SET state = @state,
    attempt = attempt - @give_back,
    scheduled_at = COALESCE(@scheduled_at, scheduled_at),
    finalized_at = @finalized_at,
    lease_owner = NULL,
    lease_expires_at = NULL,
    errors = CASE
        WHEN @error IS NULL THEN errors
        WHEN json_array_length(errors) >= @max_errors THEN json_insert(json_remove(errors, '$[0]'), '$[#]', json(@error))
        ELSE json_insert(errors, '$[#]', json(@error))
    END
WHERE id = @id AND state = 2 AND attempt = @attempt AND lease_owner = @owner;
