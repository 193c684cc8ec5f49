using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>Binds a batch of completions as the parallel arrays <c>complete.sql</c> unnests.</summary>
internal static class CompletionParameters
{
    /// <summary>
    /// Binds @ids @attempts @owners @states @charges @delays @finals @errors @results. A due time decided on a
    /// worker's clock becomes a delay from the decision (<c>ScheduledAt − DecidedAt</c>), which the SQL adds to the
    /// store's clock, so a worker whose clock is off still retries after the intended backoff.
    /// </summary>
    public static NpgsqlCommand WithCompletions(this NpgsqlCommand command, IReadOnlyList<JobCompletion> completions)
    {
        var count = completions.Count;
        var ids = new long[count];
        var attempts = new int[count];
        var owners = new string[count];
        var states = new string[count];
        var charges = new bool[count];
        var delays = new TimeSpan?[count];
        var finals = new bool[count];
        var errors = new string?[count];
        var results = new byte[]?[count];
        for (var i = 0; i < count; i++)
        {
            var completion = completions[i];
            ids[i] = completion.JobId;
            attempts[i] = completion.Attempt;
            owners[i] = completion.LeaseOwner;
            states[i] = completion.TargetState.ToWireName();
            charges[i] = completion.ChargesAttempt;
            delays[i] = completion.ScheduledAt - completion.DecidedAt;
            finals[i] = completion.IsFinal;
            errors[i] = completion.Error is { } error ? JobRows.ToJson(error) : null;
            results[i] = completion.Result?.ToArray();
        }

        return command
            .With("ids", ids)
            .With("attempts", attempts)
            .With("owners", owners)
            .With("states", states)
            .With("charges", charges)
            .With("delays", delays)
            .With("finals", finals)
            .With("errors", errors, NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            .With("results", results, NpgsqlDbType.Array | NpgsqlDbType.Bytea);
    }
}
