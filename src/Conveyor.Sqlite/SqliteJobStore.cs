using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// The embedded SQLite store: one database file, WAL, <c>synchronous=FULL</c> by default. Several worker
/// processes may share the file: every write is a <c>BEGIN IMMEDIATE</c> transaction and SQLite admits one
/// writer at a time, so a fetch claims each job exactly once. The injected <see cref="TimeProvider"/> is the one
/// clock for due times and leases (all processes of one machine share it).
/// </summary>
public sealed partial class SqliteJobStore : IJobStore, IJobAdminStore, IStoreMigrator, INotifier, IDisposable
{
    private readonly SqliteSessionPool _pool;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeProvider _time;

    /// <summary>Opens (or creates) the store at <paramref name="path"/>; call <see cref="MigrateAsync"/> before use.</summary>
    /// <exception cref="ArgumentException"><see cref="SqliteStoreOptions.Synchronous"/> is <c>Off</c>, or the path is empty.</exception>
    public SqliteJobStore(string path, SqliteStoreOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Synchronous == SqliteSynchronous.Off)
        {
            throw new ArgumentException(
                "SqliteStoreOptions.Synchronous = Off is refused: a crash could lose acknowledged jobs or corrupt the database. Use Full (default) or Normal.",
                nameof(options));
        }

        Path = System.IO.Path.GetFullPath(path);
        _pool = new SqliteSessionPool(Path, options);
        _busyTimeout = options.BusyTimeout;
        _time = time;
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public StoreCapabilities Capabilities { get; } = new() { Name = "sqlite", TransactionalEnqueue = true, MultiProcess = true, OrderingKeys = true, Migrations = true };

    /// <inheritdoc />
    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(WriteOrJoin(request.Transaction, "nothing was enqueued", command => InsertRows(command, request.Jobs, _time.GetUtcNow())));

    /// <inheritdoc />
    public ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session =>
        {
            var now = _time.GetUtcNow();
            var command = session.Command("fetch")
                .With("@queue", request.Queue)
                .With("@limit", request.Limit)
                .With("@owner", request.Owner)
                .With("@now", SqliteTime.ToMicros(now))
                .With("@lease_expires_at", SqliteTime.ToMicros(now + request.LeaseDuration));
            var jobs = ReadJobs(command);
            jobs.Sort(static (a, b) => (a.Priority, a.ScheduledAt, a.Id).CompareTo((b.Priority, b.ScheduledAt, b.Id)));
            return new FetchJobsResult(jobs);
        }));

    /// <inheritdoc />
    public ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session =>
        {
            var lost = new List<long>();
            var cancel = new List<long>();
            var expires = SqliteTime.ToMicros(_time.GetUtcNow() + request.LeaseDuration);
            foreach (var lease in request.Leases)
            {
                var result = session.Command("extend_lease")
                    .With("@id", lease.JobId).With("@attempt", lease.Attempt).With("@owner", request.Owner).With("@lease_expires_at", expires)
                    .ExecuteScalar();
                if (result is null)
                {
                    lost.Add(lease.JobId);
                }
                else if (Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture) == 1)
                {
                    cancel.Add(lease.JobId);
                }
            }

            return new ExtendLeasesResult(lost, cancel);
        }));

    /// <inheritdoc />
    public ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session =>
        {
            var now = SqliteTime.ToMicros(_time.GetUtcNow());
            var stale = new List<long>();
            foreach (var completion in request.Completions)
            {
                var changed = session.Command("complete")
                    .With("@id", completion.JobId)
                    .With("@attempt", completion.Attempt)
                    .With("@owner", completion.LeaseOwner)
                    .With("@state", (int)completion.TargetState)
                    .With("@give_back", completion.ChargesAttempt ? 0 : 1)
                    .With("@scheduled_at", completion.ScheduledAt is { } at ? SqliteTime.ToMicros(at) : null)
                    .With("@finalized_at", completion.IsFinal ? now : null)
                    .With("@error", completion.Error is { } error ? JobRows.ToJson(error) : null)
                    .With("@max_errors", StoreLimits.MaxErrorsPerJob)
                    .With("@result", completion.Result?.ToArray())
                    .ExecuteNonQuery();
                if (changed == 0)
                {
                    stale.Add(completion.JobId);
                }
            }

            return new CompleteJobsResult(request.Completions.Count - stale.Count, stale);
        }));

    /// <inheritdoc />
    public ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => session.Command("report_progress")
            .With("@id", request.JobId).With("@attempt", request.Attempt).With("@owner", request.Owner)
            .With("@percent", request.Percent).With("@message", request.Message).With("@now", SqliteTime.ToMicros(_time.GetUtcNow()))
            .ExecuteNonQuery() > 0));

    /// <inheritdoc />
    public ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session =>
        {
            var command = session.Command("promote").With("@now", SqliteTime.ToMicros(_time.GetUtcNow())).With("@limit", request.Limit);
            var queues = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                queues.Add(reader.GetString(0));
            }

            return new PromoteDueResult(queues.Count, [.. queues.Distinct(StringComparer.Ordinal)]);
        }));

    /// <inheritdoc />
    public ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session =>
            new GetExpiredLeasesResult(ReadJobs(session.Command("expired_leases").With("@now", SqliteTime.ToMicros(_time.GetUtcNow())).With("@limit", request.Limit)))));

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => new DeleteFinalizedResult(session.Command("delete_finalized")
            .With("@state", (int)request.State).With("@before", SqliteTime.ToMicros(request.FinalizedBefore)).With("@limit", request.Limit)
            .With("@queue", request.Queue).With("@except_queues", JobRows.ToJson(request.ExceptQueues))
            .ExecuteNonQuery())));

    /// <inheritdoc />
    public ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session =>
        {
            var now = _time.GetUtcNow();
            var owner = session.Command("acquire_leadership")
                .With("@name", request.Name).With("@owner", request.Owner)
                .With("@now", SqliteTime.ToMicros(now)).With("@expires_at", SqliteTime.ToMicros(now + request.Ttl))
                .ExecuteScalar();
            return new LeadershipResult(owner is not null);
        }));

    /// <inheritdoc />
    public ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct)
    {
        Write(session => session.Command("release_leadership").With("@name", request.Name).With("@owner", request.Owner).ExecuteNonQuery());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct)
    {
        var node = request.Node;
        Write(session => session.Command("heartbeat")
            .With("@id", node.Id).With("@host", node.Host).With("@pid", node.ProcessId).With("@queues", node.Queues)
            .With("@started_at", SqliteTime.ToMicros(node.StartedAt)).With("@busy", node.Busy).With("@version", node.Version)
            .With("@now", SqliteTime.ToMicros(_time.GetUtcNow()))
            .ExecuteNonQuery());
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _pool.Dispose();

    /// <summary>Inserts <paramref name="jobs"/> created at <paramref name="now"/>; a held unique key yields its holder's id, marked duplicate.</summary>
    private static InsertJobsResult InsertRows(Func<string, SqliteCommand> command, IReadOnlyList<NewJob> jobs, DateTimeOffset now)
    {
        var inserted = new InsertedJob[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var scheduled = job.ScheduledAt is { } at && at > now;
            var id = command("insert")
                .With("@kind", job.Kind).With("@queue", job.Queue).With("@args", job.Args.ToArray())
                .With("@state", (int)(scheduled ? JobState.Scheduled : JobState.Available))
                .With("@max_attempts", job.MaxAttempts).With("@priority", job.Priority)
                .With("@scheduled_at", SqliteTime.ToMicros(scheduled ? job.ScheduledAt!.Value : now))
                .With("@now", SqliteTime.ToMicros(now)).With("@unique_key", job.UniqueKey).With("@tags", JobRows.ToJson(job.Tags))
                .With("@trace_parent", job.TraceParent).With("@ordering_key", job.OrderingKey)
                .ExecuteScalar();
            inserted[i] = id is null
                ? new InsertedJob((long)command("unique_holder").With("@unique_key", job.UniqueKey).ExecuteScalar()!, Duplicate: true)
                : new InsertedJob((long)id, Duplicate: false);
        }

        return new InsertJobsResult(inserted);
    }

    private SqliteTransaction CallersTransaction(System.Data.Common.DbTransaction transaction)
    {
        if (transaction is not SqliteTransaction { Connection: { } connection } sqlite)
        {
            throw new ArgumentException(
                $"The SQLite store joins only an open SqliteTransaction on the same database file; got {transaction.GetType().Name}.", nameof(transaction));
        }

        // SQLite reports the file it opened with symbolic links resolved, so compare with what the store's own connection reports.
        var ours = Read(session => session.Connection.DataSource);
        if (!string.Equals(connection.DataSource, ours, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The transaction is on '{connection.DataSource}', not on the job store's database '{ours}'.", nameof(transaction));
        }

        return sqlite;
    }

    private static SqliteCommand NewCommand(SqliteTransaction transaction, string script)
    {
        var command = transaction.Connection!.CreateCommand();
        command.CommandText = SqlScripts.Get(script);
        command.Transaction = transaction;
        return command;
    }

    private static List<JobRecord> ReadJobs(SqliteCommand command) => command.ReadAll(JobRows.Read);

    /// <summary>
    /// Runs <paramref name="work"/> in the caller's <paramref name="transaction"/> when given one (its writes then commit or
    /// roll back with the caller's), else in the store's own write transaction (all of them commit, or none). A full disk
    /// is reported with the file's path and <paramref name="lost"/>, what the caller did not get.
    /// </summary>
    private T WriteOrJoin<T>(System.Data.Common.DbTransaction? transaction, string lost, Func<Func<string, SqliteCommand>, T> work)
    {
        if (transaction is null)
        {
            try
            {
                return Write(session => work(session.Command));
            }
            catch (SqliteException ex) when (SqliteDiskFull.Is(ex))
            {
                // Not SQLite's bare "database or disk is full": the caller learns which disk, and what is not stored.
                throw SqliteDiskFull.Explain(ex, Path, lost);
            }
        }

        // The caller's connection is not ours to cache commands on: prepare them for this call and dispose them after.
        var callers = CallersTransaction(transaction);
        var commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            return work(name => Reuse(commands, callers, name));
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }
        }
    }

    private static SqliteCommand Reuse(Dictionary<string, SqliteCommand> commands, SqliteTransaction transaction, string script)
    {
        if (!commands.TryGetValue(script, out var command))
        {
            commands[script] = command = NewCommand(transaction, script);
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction: all of it commits, or none. The write lock
    /// is waited for up to <see cref="SqliteStoreOptions.BusyTimeout"/>, looking for it often enough that no writer
    /// starves while others take turns.
    /// </summary>
    private T Write<T>(Func<SqliteSession, T> work)
    {
        var session = _pool.Rent();
        try
        {
            session.BeginImmediate(_busyTimeout);
            var result = work(session);
            session.Commit();
            _pool.Return(session);
            return result;
        }
        catch
        {
            // Whatever the failure, nothing of this transaction stays: rolled back, and the connection closed.
            session.Rollback();
            session.Dispose();
            throw;
        }
    }

    private T Read<T>(Func<SqliteSession, T> work)
    {
        var session = _pool.Rent();
        try
        {
            var result = work(session);
            _pool.Return(session);
            return result;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
