using System.Text;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Npgsql;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// One test's schema: the store migrated into it, an <c>effects</c> table for the effect job, and the reads the
/// tests check the outcome with. Disposing it drops the schema.
/// </summary>
internal sealed class JobSchema : IAsyncDisposable
{
    private const int Page = 5_000;
    private readonly string _connectionString;
    private readonly PostgresJobStore _store;

    private JobSchema(string connectionString, string name)
    {
        _connectionString = connectionString;
        Name = name;
        _store = new PostgresJobStore(connectionString, new PostgresStoreOptions { Schema = name });
    }

    /// <summary>The schema's name, unique to the test.</summary>
    public string Name { get; }

    /// <summary>A fresh schema on <paramref name="connectionString"/>'s database, migrated, with the effects table.</summary>
    public static async Task<JobSchema> CreateAsync(string connectionString)
    {
        var schema = new JobSchema(connectionString, $"conveyor_proc_{Guid.NewGuid():N}"[..26]);
        await schema._store.MigrateAsync(null, CancellationToken.None);
        await schema.ExecuteAsync($"create table \"{schema.Name}\".effects (job_id bigint primary key, attempt int not null, pid int not null)");
        return schema;
    }

    /// <summary>Settings for a worker process on this schema.</summary>
    public WorkerOptions Worker() => new(_connectionString, Name);

    /// <summary>Inserts <paramref name="count"/> jobs of <paramref name="kind"/> on the default queue; returns their ids.</summary>
    public async Task<HashSet<long>> InsertAsync(string kind, int count)
    {
        var ids = new HashSet<long>();
        for (var inserted = 0; inserted < count; inserted += Page)
        {
            var jobs = Enumerable.Range(0, Math.Min(Page, count - inserted))
                .Select(_ => new NewJob { Kind = kind, Queue = "default", Args = Encoding.UTF8.GetBytes("{}"), MaxAttempts = 10 })
                .ToList();
            var result = await _store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None);
            ids.UnionWith(result.Jobs.Select(j => j.Id));
        }

        return ids;
    }

    /// <summary>How many jobs are in <paramref name="state"/>, or in any state when null.</summary>
    public Task<long> CountAsync(JobState? state = null) => _store.CountInStateAsync(state);

    /// <inheritdoc cref="JobStoreReads.AllFinishedAsync"/>
    public Task<bool> AllFinishedAsync() => _store.AllFinishedAsync();

    public async Task<JobRecord> GetAsync(long id) =>
        await _store.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None) ?? throw new InvalidOperationException($"Job {id} is missing.");

    /// <summary>Every job, by id.</summary>
    public Task<Dictionary<long, JobRecord>> AllJobsAsync() => _store.AllJobsAsync();

    /// <summary>The running jobs leased by <paramref name="worker"/>.</summary>
    public async Task<List<long>> HeldByAsync(WorkerProcess worker)
    {
        var running = await _store.ListJobsAsync(new ListJobsRequest { State = JobState.Running, Limit = Page }, CancellationToken.None);
        return [.. running.Jobs.Where(j => worker.Owns(j.LeaseOwner)).Select(j => j.Id)];
    }

    /// <summary>The effect rows that committed, by job id.</summary>
    public async Task<Dictionary<long, Execution>> EffectsAsync()
    {
        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand($"select job_id, attempt, pid from \"{Name}\".effects", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var effects = new Dictionary<long, Execution>();
        while (await reader.ReadAsync())
        {
            effects.Add(reader.GetInt64(0), new Execution(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return effects;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync($"drop schema if exists \"{Name}\" cascade");
        }
        finally
        {
            await _store.DisposeAsync();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
