using System.Text;
using System.Text.Json;
using Conveyor.Chaos.Tests.Decoding;
using Conveyor.Redis;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>The valid envelopes the fuzzers start from, as the client and the stores write them.</summary>
public static class FuzzCorpus
{
    private static readonly DateTimeOffset At = new(2024, 6, 12, 8, 30, 0, TimeSpan.Zero);

    private static readonly AttemptError Error = new(At, 1, "System.InvalidOperationException", "always fails \"quoted\" ✓", "   at Handler.Run()\n   at Next()", "node-1", 12.5);

    /// <summary>Arguments of every fuzzed args type, and the decoding tests' catalogue (less what is over <see cref="Mutator.MaxLength"/>).</summary>
    public static IReadOnlyList<byte[]> Args { get; } =
    [
        Json(new TypedJob(7, "seven", At, 12.34m, 0.5, true, Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), TimeSpan.FromMinutes(3), TypedMode.Careful,
            ["a", "b"], new() { ["x"] = 1 }, [1, -2, long.MaxValue], new TypedInner(1, new TypedInner(2, null, 'z', 255), 'a', 0), new Uri("https://example.org/a?b=c"))),
        Json<ShapeJob>(new CircleJob(1.5)),
        Json<ShapeJob>(new SquareJob(2)),
        Encoding.UTF8.GetBytes("{\"count\":3}"),
        .. Payloads.Runnable.Select(p => p.Args),
        .. Payloads.Undecodable.Where(p => p.Args.Length <= Mutator.MaxLength).Select(p => p.Args),
    ];

    /// <summary>Job hashes as the Redis scripts write them (waiting, claimed, failed and finished), encoded by <see cref="HashInput"/>.</summary>
    public static IReadOnlyList<byte[]> RedisHashes { get; } =
    [
        HashInput.Encode(Waiting),
        HashInput.Encode([.. Waiting, ("s", "2"), ("n", "1"), ("t", "1718181000000000"), ("o", "node-1"), ("l", "1718181030000000")]),
        HashInput.Encode([.. Waiting, ("s", "3"), ("n", "2"), ("e", JobHashes.ToJson(Error) + "\n" + JobHashes.ToJson(Error with { Attempt = 2 })), ("g", "[\"a\",\"b\"]"), ("u", "order-7")]),
        HashInput.Encode([.. Waiting, ("s", "5"), ("n", "3"), ("f", "1718181060000000"), ("x", "1718181059000000"), ("e", JobHashes.ToJson(Error))]),
    ];

    /// <summary>Errors and tags as SQLite and PostgreSQL keep them (JSON arrays) and as Redis keeps errors (JSON lines).</summary>
    public static IReadOnlyList<byte[]> StoredJson { get; } =
    [
        Json(new[] { Error }),
        Json(new[] { Error, Error with { Attempt = 2, StackTrace = null, Worker = null } }),
        Encoding.UTF8.GetBytes(JobHashes.ToJson(Error) + "\n" + JobHashes.ToJson(Error with { Attempt = 2 })),
        Json(new[] { "a", "b", "ünïcode ✓" }),
        Encoding.UTF8.GetBytes("[]"),
    ];

    private static (string, string)[] Waiting =>
    [
        ("i", "12"), ("k", TypedJob.Kind), ("q", "default"), ("a", Encoding.UTF8.GetString(Args[0])), ("s", "0"), ("n", "0"), ("m", "3"), ("p", "0"),
        ("d", "1718180000000000"), ("c", "1718180000000000"),
    ];

    private static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, ConveyorJson.Options);
}
