using Conveyor.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>
/// The PostgreSQL store: Conveyor's tables in one schema, shared by any number of worker processes and machines.
/// Fetches claim jobs with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent fetchers never get the same job; every
/// due and lease comparison uses the database's clock (<c>statement_timestamp()</c>), so workers' clocks may
/// disagree. Each operation is one statement, one round trip (a rate-limit take sends its key's lock with its
/// statement; advancing a schedule and creating a batch are transactions of a few), over a pooled
/// <see cref="NpgsqlDataSource"/> with automatically prepared statements.
/// </summary>
public sealed partial class PostgresJobStore : IJobStore, IJobAdminStore, IStoreMigrator, INotifier, ITransactionalCompletionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresScripts _sql;
    private readonly PostgresNotifications? _notifications;
    private readonly TimeProvider? _clock;
    private readonly CancellationTokenSource _disposed = new();
    private int _disposing;

    /// <summary>
    /// Opens the store on the database of <paramref name="connectionString"/> (any Npgsql connection string), in
    /// schema <see cref="PostgresStoreOptions.Schema"/>; call <see cref="MigrateAsync"/> before use (the job host
    /// does). <paramref name="clock"/> is for tests only: when given, its time replaces the database's clock.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public PostgresJobStore(string connectionString, PostgresStoreOptions options, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        Schema = options.Schema;
        _sql = new PostgresScripts(Schema);
        _clock = clock;
        _dataSource = PostgresConnections.Pooled(connectionString);
        _notifications = options.Notifications ? new PostgresNotifications(PostgresConnections.Listening(connectionString), _sql["listen"], _disposed.Token) : null;
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    public StoreCapabilities Capabilities { get; } = new() { Name = "postgres", TransactionalEnqueue = true, MultiProcess = true, OrderingKeys = true, Migrations = true };

    /// <inheritdoc />
    public async ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new FetchJobsResult([]);
        }

        await using var command = FetchCommand(request);
        return new FetchJobsResult(await JobRows.ReadAllAsync(command, ct).ConfigureAwait(false));
    }

    /// <summary>The fetch statement for <paramref name="request"/> (tests explain its plan).</summary>
    internal NpgsqlCommand FetchCommand(FetchJobsRequest request) =>
        Command("fetch")
            .With("queue", request.Queue)
            .With("limit", request.Limit)
            .With("owner", request.Owner)
            .With("lease", request.LeaseDuration);

    /// <inheritdoc />
    public async ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct)
    {
        var leases = request.Leases;
        if (leases.Count == 0)
        {
            return new ExtendLeasesResult([], []);
        }

        await using var command = ExtendLeasesCommand(request);
        var renewed = new bool[leases.Count];
        var cancel = new bool[leases.Count];
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var index = (int)reader.GetInt64(0) - 1;
                renewed[index] = true;
                cancel[index] = reader.GetBoolean(1);
            }
        }

        return new ExtendLeasesResult(
            [.. leases.Where((_, i) => !renewed[i]).Select(l => l.JobId)],
            [.. leases.Where((_, i) => cancel[i]).Select(l => l.JobId)]);
    }

    /// <inheritdoc />
    public async ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct)
    {
        var completions = request.Completions;
        if (completions.Count == 0)
        {
            return new CompleteJobsResult(0, []);
        }

        var applied = await ApplyCompletionsAsync(completions, transaction: null, ct).ConfigureAwait(false);
        return new CompleteJobsResult(applied.Count(a => a), [.. completions.Where((_, i) => !applied[i]).Select(c => c.JobId)]);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct)
    {
        await using var command = Command("report_progress")
            .With("id", request.JobId)
            .With("attempt", request.Attempt)
            .With("owner", request.Owner)
            .With("percent", request.Percent)
            .With("message", request.Message, NpgsqlDbType.Text);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>Closes the pooled connections and stops every listener. Safe to call more than once (a container may).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        if (_notifications is not null)
        {
            await _notifications.DisposeAsync().ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _disposed.Dispose();
    }

    /// <summary>
    /// Applies completions in one statement, on <paramref name="transaction"/> when given (it then commits with it),
    /// and returns which applied, by position; the others failed the Running + attempt + owner guard.
    /// </summary>
    private async Task<bool[]> ApplyCompletionsAsync(IReadOnlyList<JobCompletion> completions, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = CompleteCommand(completions, transaction);
        var applied = new bool[completions.Count];
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            applied[(int)reader.GetInt64(0) - 1] = true;
        }

        return applied;
    }

    /// <summary>The lease renewal statement for <paramref name="request"/> (tests explain its plan).</summary>
    internal NpgsqlCommand ExtendLeasesCommand(ExtendLeasesRequest request) =>
        Command("extend_leases")
            .With("owner", request.Owner)
            .With("lease", request.LeaseDuration)
            .With("ids", request.Leases.Select(l => l.JobId).ToArray())
            .With("attempts", request.Leases.Select(l => l.Attempt).ToArray());

    /// <summary>The completion statement for <paramref name="completions"/> (tests explain its plan).</summary>
    internal NpgsqlCommand CompleteCommand(IReadOnlyList<JobCompletion> completions, NpgsqlTransaction? transaction) =>
        Command("complete", transaction)
            .WithCompletions(completions)
            .With("max_errors", StoreLimits.MaxErrorsPerJob)
            .With("channel", _sql.Channel);

    /// <summary>
    /// A command of script <paramref name="script"/>, with <c>@now</c> bound: on <paramref name="transaction"/>'s
    /// connection when given, else on a pooled connection for the one statement.
    /// </summary>
    private NpgsqlCommand Command(string script, NpgsqlTransaction? transaction = null) =>
        WithNow(transaction is null ? _dataSource.CreateCommand(_sql[script]) : new NpgsqlCommand(_sql[script], transaction.Connection, transaction));

    /// <summary>
    /// Binds <c>@now</c>: null, so the SQL uses the database's clock, unless a test clock was given. Scripts that do
    /// not mention <c>@now</c> ignore it.
    /// </summary>
    private NpgsqlCommand WithNow(NpgsqlCommand command) =>
        command.With("now", _clock?.GetUtcNow().ToUniversalTime(), NpgsqlDbType.TimestampTz);
}
