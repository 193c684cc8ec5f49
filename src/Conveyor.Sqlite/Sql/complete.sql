-- Applies one decided completion. Inputs: @id @attempt @owner (the guard), @state, @give_back (1 when the attempt
-- is not charged), @scheduled_at (NULL keeps it), @finalized_at, @error (JSON or NULL), @max_errors, @result (the
-- successful attempt's UTF-8 JSON, or NULL).
-- Guard: state = running AND attempt = @attempt AND lease_owner = @owner; otherwise nothing changes (stale).
UPDATE conveyor_jobs
SET state = @state,
    attempt = attempt - @give_back,
    scheduled_at = COALESCE(@scheduled_at, scheduled_at),
    finalized_at = @finalized_at,
    lease_owner = NULL,
    lease_expires_at = NULL,
    result = @result,
    -- Errors that are not a JSON array were not written by Conveyor (SQLite keeps any text in any column): nothing can
    -- be appended to them, and failing here would fail this whole batch of completions on every retry, so the new
    -- error replaces them. The job's reader has reported them (JobRecord.DecodeError) before it got here.
    errors = CASE
        WHEN @error IS NULL THEN errors
        WHEN json_valid(errors) = 0 THEN json_array(json(@error))
        WHEN json_type(errors) <> 'array' THEN json_array(json(@error))
        WHEN json_array_length(errors) >= @max_errors THEN json_insert(json_remove(errors, '$[0]'), '$[#]', json(@error))
        ELSE json_insert(errors, '$[#]', json(@error))
    END
WHERE id = @id AND state = 2 AND attempt = @attempt AND lease_owner = @owner;
