using System.Diagnostics;
using System.Text.Json;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// Fault-suite item 12: malformed rows written straight into each store, around the client, run by a real worker host
/// next to healthy jobs. Every malformed row must end Discarded as undecodable with its reason after one attempt, no
/// store call may fail (a failing fetch or completion stalls its queue), no type named by a payload may be built, and
/// every healthy job must run exactly once.
/// </summary>
public sealed class MalformedRowTests(ITestOutputHelper output)
{
    private const int EnqueuedWhileRunning = 20;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task Worker_DiscardsEveryMalformedRowWithItsReason_WhileHealthyJobsRunOnce(StoreKind kind)
    {
        await using var store = await ChaosStore.CreateAsync(kind);
        var rows = await WriteRowsAsync(store);
        var clock = Stopwatch.StartNew();

        await using (var host = await DecodingHost.StartAsync(store))
        {
            for (var i = 0; i < EnqueuedWhileRunning; i++)
            {
                var args = new PayloadJob(JsonDocument.Parse(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement, null);
                rows.Add(new Row(await host.Client.EnqueueAsync(args), "enqueued while running", ""));
            }

            await DecodingHost.WaitUntilFinishedAsync(store.Admin, rows.Count, TimeSpan.FromSeconds(60));
            var failures = await CheckAsync(store, rows, host);
            var storeFailures = DecodingHost.StoreFailureEvents.SelectMany(host.Logs.Of).ToList();

            var malformed = rows.Count(r => r.Discards);
            output.WriteLine(
                $"{store.Kind}: {malformed} malformed rows ({rows.Count(r => r.Discards && r.IsPayload)} arguments, {rows.Count(r => r.Discards && !r.IsPayload)} envelope), "
                + $"{malformed - failures.Count(f => f.Discards)}/{malformed} discarded with their reason after 1 attempt; "
                + $"{rows.Count(r => !r.Discards)} jobs that must run ({rows.Count(r => r.Name.StartsWith("repaired", StringComparison.Ordinal))} repaired by the claim), "
                + $"{rows.Count(r => !r.Discards) - failures.Count(f => !f.Discards)} ran once; store failures logged {storeFailures.Count}; canaries built {Canary.Constructed}; {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Select(f => f.Problem)));
            Assert.True(storeFailures.Count == 0, "Store calls failed: " + string.Join(Environment.NewLine, storeFailures.Take(5)));
            Assert.Equal(0, Canary.Constructed);
            Assert.Equal("JsonElement", host.Runs.ExtraTypes[rows.Single(r => r.Name == "$type inside data is data").Id]);
        }
    }

    [Fact]
    public async Task Postgres_RefusesAtWriteTheEnvelopeDamageItsSchemaCannotHold()
    {
        await using var store = await ChaosStore.CreateAsync(StoreKind.Postgres);
        await using var writer = await RowWriter.OpenAsync(store);

        foreach (var (damage, sqlState) in PostgresRowWriter.Refused)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => writer.WriteAsync(damage));
            Assert.True(refused.SqlState == sqlState, $"{damage}: {refused.SqlState} {refused.MessageText}, expected {sqlState}");
        }
    }

    /// <summary>
    /// Only SQLite can hold a state no job state names: PostgreSQL's schema checks it (above), and a Redis claim rewrites
    /// the state field (the Redis rows above). No fetch takes such a row; reading it says why instead of throwing.
    /// </summary>
    [Fact]
    public async Task Sqlite_NeverRunsARowWithAnUnreadableState_AndReadsItAsDiscardedWithTheReason()
    {
        await using var store = await ChaosStore.CreateAsync(StoreKind.Sqlite);
        long stateless, healthy;
        await using (var writer = await RowWriter.OpenAsync(store))
        {
            stateless = await writer.WriteAsync(new EnvelopeDamage("state", "'zero'", ""));
            healthy = await writer.WriteAsync(Payloads.Valid(1), PayloadJob.Kind);
        }

        await using var host = await DecodingHost.StartAsync(store);
        for (var waited = 0; (await GetAsync(store, healthy)).State != JobState.Completed; waited += 20)
        {
            Assert.True(waited < 30_000, "The healthy job did not complete within 30 s.");
            await Task.Delay(20);
        }

        var job = await GetAsync(store, stateless);
        Assert.Equal(JobState.Discarded, job.State);
        Assert.Contains("state: 'zero' is not a job state", job.DecodeError, StringComparison.Ordinal);
        Assert.False(host.Runs.Runs.ContainsKey(stateless));
    }

    private static async Task<JobRecord> GetAsync(ChaosStore store, long id) =>
        (await store.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None))!;

    /// <summary>Each malformed row after a healthy one, so fetch batches mix them.</summary>
    private static async Task<List<Row>> WriteRowsAsync(ChaosStore store)
    {
        var rows = new List<Row>();
        await using var writer = await RowWriter.OpenAsync(store);
        var n = 0;
        foreach (var payload in Payloads.Undecodable.Concat(Payloads.Runnable))
        {
            rows.Add(new Row(await writer.WriteAsync(Payloads.Valid(++n), PayloadJob.Kind), "healthy", ""));
            rows.Add(new Row(await writer.WriteAsync(payload.Args, payload.Kind), payload.Name, payload.Reason) { IsPayload = true });
        }

        foreach (var damage in writer.Damages)
        {
            rows.Add(new Row(await writer.WriteAsync(Payloads.Valid(++n), PayloadJob.Kind), "healthy", ""));
            rows.Add(new Row(await writer.WriteAsync(damage), (damage.RepairedByClaim ? "repaired by the claim: " : "") + damage, damage.Reason));
        }

        return rows;
    }

    private static async Task<List<Row>> CheckAsync(ChaosStore store, List<Row> rows, DecodingHost host)
    {
        var failures = new List<Row>();
        foreach (var row in rows)
        {
            var job = await GetAsync(store, row.Id);
            var runs = host.Runs.Runs.GetValueOrDefault(row.Id);
            var last = job.Errors.Count > 0 ? job.Errors[^1] : null;
            string? problem = row.Discards
                ? job.State != JobState.Discarded || job.Attempt != 1 || runs != 0 || last?.ExceptionType != "undecodable" || !last.Message.Contains(row.Reason, StringComparison.Ordinal)
                    ? $"{row.Name} (job {row.Id}): {job.State}, attempt {job.Attempt}, ran {runs}×, last error {last?.ExceptionType}: {last?.Message}; expected Discarded after 1 attempt, never run, undecodable with \"{row.Reason}\""
                    : null
                : job.State != JobState.Completed || runs != 1
                    ? $"{row.Name} (job {row.Id}): {job.State}, ran {runs}×, errors: {string.Join(" | ", job.Errors.Select(e => e.Message))}; expected Completed, run once"
                    : null;
            if (problem is not null)
            {
                failures.Add(row with { Problem = problem });
            }
        }

        return failures;
    }

    private sealed record Row(long Id, string Name, string Reason)
    {
        public bool Discards => Reason.Length > 0;

        public bool IsPayload { get; init; }

        public string Problem { get; init; } = "";
    }
}
