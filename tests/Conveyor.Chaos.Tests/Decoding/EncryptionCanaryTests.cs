using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Conveyor.Chaos.Tests.Poison;
using Conveyor.Chaos.Tests.Stores;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// Encrypted arguments on the real stores: jobs carrying a canary secret run with it in their handler, and the canary
/// appears nowhere the store keeps data: not in the SQLite file or its WAL, not in a <c>pg_dump</c> of the schema, not
/// in the Redis append-only file (each of which does hold the jobs' encrypted envelopes).
/// </summary>
public sealed class EncryptionCanaryTests
{
    private const string Canary = "canary-5105-1051-0510-5100";
    private const int Jobs = 20;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task TheSecret_RunsInTheHandler_AndIsNowhereInTheStoresData(StoreKind kind)
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        await using var store = await ChaosStore.CreateAsync(kind);
        var seen = new CanarySeen();
        await using (var host = await InProcessHost.StartAsync(
            store,
            s => s.AddSingleton(seen),
            c => c.AddHandler<CanaryHandler>().Queue("default", 2)
                .EncryptArguments(e => e.EncryptWith("2026-11", key.ExportSubjectPublicKeyInfoPem()).DecryptWith("2026-11", key.ExportPkcs8PrivateKeyPem()))))
        {
            await host.Client.EnqueueManyAsync(Enumerable.Range(0, Jobs).Select(n => new CanaryJob($"{Canary}-{n}")));
            await InProcessHost.WaitUntilAsync(async () => await host.CountAsync("default", JobState.Completed) == Jobs, TimeSpan.FromSeconds(30), () => $"{seen.Secrets.Count} of {Jobs} ran");
        }

        var data = await StoredDataAsync(store);

        // pg_dump writes bytea as hex: look for each text as it is and as lowercase hex.
        Assert.Equal(Jobs, seen.Secrets.Count(s => s.StartsWith(Canary, StringComparison.Ordinal)));
        Assert.True(data.Contains("conveyor_encrypted", StringComparison.Ordinal) || data.Contains(Hex("conveyor_encrypted"), StringComparison.Ordinal), "The stored data holds no encrypted envelope: the test looked in the wrong place.");
        Assert.DoesNotContain(Canary, data, StringComparison.Ordinal);
        Assert.DoesNotContain(Hex(Canary), data, StringComparison.Ordinal);
    }

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    /// <summary>Everything the store keeps of the test's namespace, as text.</summary>
    private static async Task<string> StoredDataAsync(ChaosStore store) => store.Kind switch
    {
        StoreKind.Sqlite => string.Concat(new[] { store.Connection, store.Connection + "-wal" }.Where(File.Exists).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f)))),
        StoreKind.Postgres => await PgDumpAsync(store),
        _ => await AppendOnlyFileAsync(store),
    };

    private static async Task<string> PgDumpAsync(ChaosStore store)
    {
        var connection = new NpgsqlConnectionStringBuilder(store.Connection);
        var bin = Environment.GetEnvironmentVariable("CONVEYOR_TEST_PG_BIN") ?? throw new InvalidOperationException("CONVEYOR_TEST_PG_BIN is not set; run ./test.sh.");
        var start = new ProcessStartInfo(Path.Combine(bin, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-n", store.Namespace, "-d", connection.Database! },
        };
        using var dump = Process.Start(start)!;
        var output = await dump.StandardOutput.ReadToEndAsync();
        var error = await dump.StandardError.ReadToEndAsync();
        await dump.WaitForExitAsync();
        Assert.True(dump.ExitCode == 0, $"pg_dump failed: {error}");
        return output;
    }

    private static async Task<string> AppendOnlyFileAsync(ChaosStore store)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(store.Connection + ",allowAdmin=true");
        var server = redis.GetServers()[0];
        var dir = (await server.ConfigGetAsync("dir")).Single().Value;
        var sub = (await server.ConfigGetAsync("appenddirname")).SingleOrDefault().Value ?? string.Empty;
        // The AOF is written every second (appendfsync everysec): let the last writes reach it.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var folder = Path.Combine(dir, sub);
        return string.Concat(Directory.GetFiles(folder, "*.aof*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
    }
}

/// <summary>A job whose argument is the canary secret.</summary>
[EncryptedArguments]
public sealed record CanaryJob(string Secret) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "chaos_canary";
}

/// <summary>The secrets the handler was given.</summary>
public sealed class CanarySeen
{
    /// <summary>Each run's secret, in plaintext.</summary>
    public ConcurrentQueue<string> Secrets { get; } = new();
}

/// <summary>Records its job's secret.</summary>
public sealed class CanaryHandler(CanarySeen seen) : IJobHandler<CanaryJob>
{
    /// <inheritdoc />
    public Task HandleAsync(CanaryJob args, JobContext context, CancellationToken ct)
    {
        seen.Secrets.Enqueue(args.Secret);
        return Task.CompletedTask;
    }
}
