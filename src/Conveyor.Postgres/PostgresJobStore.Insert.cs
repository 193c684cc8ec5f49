using System.Data.Common;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>Inserting jobs: one statement per batch, unique keys enforced by the partial unique index.</summary>
public sealed partial class PostgresJobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The whole batch is one INSERT, so it is stored all or none. A key repeated within the batch is sent once; the
    /// repeats get the first one's id as duplicates. When a concurrent insert of the same key commits while this one
    /// runs, the holder's id is looked up in a second statement (and in the rare case its holder has finished by then,
    /// the job is inserted again). With <see cref="InsertJobsRequest.Transaction"/>, every statement runs in the
    /// caller's transaction: the jobs exist, and their keys are held, only if it commits.
    /// </remarks>
    /// <exception cref="ArgumentException">The transaction is not an <see cref="NpgsqlTransaction"/>.</exception>
    /// <exception cref="InvalidOperationException">The caller's transaction has already committed or rolled back.</exception>
    /// <exception cref="PostgresException">The server refused the insert, e.g. <c>53100 disk_full</c> (its message then says what was stored).</exception>
    public async ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct)
    {
        var jobs = request.Jobs;
        var callers = request.Transaction is { } transaction ? CallersTransaction(transaction) : null;
        var results = new InsertedJob[jobs.Count];
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeats = new List<(int Index, int First)>();
        var pending = new List<int>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].UniqueKey is { } key && !firstWithKey.TryAdd(key, i))
            {
                repeats.Add((i, firstWithKey[key]));
            }
            else
            {
                pending.Add(i);
            }
        }

        var rounds = 0;
        try
        {
            while (pending.Count > 0)
            {
                var raced = await InsertRowsAsync(jobs, pending, results, callers, ct).ConfigureAwait(false);
                rounds++;
                pending = raced.Count == 0 ? raced : await FindHoldersAsync(jobs, raced, results, callers, ct).ConfigureAwait(false);
            }
        }
        catch (PostgresException ex) when (callers is null && PostgresDiskFull.Is(ex))
        {
            // Not only "could not extend file": the caller learns the disk is full and what is stored. The first INSERT
            // holds the whole batch (all or none); only jobs whose unique key raced a concurrent insert come in a later one.
            throw PostgresDiskFull.Explain(ex, rounds == 0
                ? "nothing was enqueued"
                : "the jobs whose unique key raced a concurrent insert were not enqueued; the rest of the batch was");
        }

        foreach (var (index, first) in repeats)
        {
            results[index] = new InsertedJob(results[first].Id, Duplicate: true);
        }

        return new InsertJobsResult(results);
    }

    /// <summary>Inserts the jobs at <paramref name="rows"/>, fills their results, and returns those whose key holder it could not see.</summary>
    private async Task<List<int>> InsertRowsAsync(IReadOnlyList<NewJob> jobs, List<int> rows, InsertedJob[] results, NpgsqlTransaction? callers, CancellationToken ct)
    {
        await using var command = InsertParameters.Bind(Command("insert", callers), jobs, rows)
            .With("lock_space", LinesLockSpace)
            .With("channel", _sql.Channel);
        var raced = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.NextResultAsync(ct).ConfigureAwait(false); // past the lines' locks
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var index = rows[(int)reader.GetInt64(0) - 1];
            if (reader.IsDBNull(2))
            {
                raced.Add(index);
            }
            else
            {
                results[index] = new InsertedJob(reader.GetInt64(2), Duplicate: !reader.GetBoolean(1));
            }
        }

        return raced;
    }

    /// <summary>Fills the results of jobs whose key a concurrent insert took; returns those whose holder has already finished.</summary>
    private async Task<List<int>> FindHoldersAsync(IReadOnlyList<NewJob> jobs, List<int> raced, InsertedJob[] results, NpgsqlTransaction? callers, CancellationToken ct)
    {
        await using var command = Command("unique_holders", callers).With("unique_keys", raced.Select(i => jobs[i].UniqueKey!).ToArray());
        var holders = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                holders[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var retry = new List<int>();
        foreach (var index in raced)
        {
            if (holders.TryGetValue(jobs[index].UniqueKey!, out var holder))
            {
                results[index] = new InsertedJob(holder, Duplicate: true);
            }
            else
            {
                retry.Add(index);
            }
        }

        return retry;
    }

    /// <summary>The advisory lock space of this schema's lines (insert.sql): one line's inserts commit in id order.</summary>
    private string LinesLockSpace => $"conveyor.lines.{Schema}";

    /// <summary>The caller's transaction, which must be Npgsql's; Npgsql itself refuses one that has finished.</summary>
    private static NpgsqlTransaction CallersTransaction(DbTransaction transaction) =>
        transaction as NpgsqlTransaction ?? throw new ArgumentException(
            $"The PostgreSQL store joins only an open NpgsqlTransaction on its database; got a {transaction.GetType().Name}.", nameof(transaction));
}
