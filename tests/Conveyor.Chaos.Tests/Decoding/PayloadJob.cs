using System.Collections.Concurrent;
using System.Text.Json;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// The args type of every row in the decoding tests: it accepts any JSON in <see cref="Data"/> and <see cref="Extra"/>,
/// so a payload is refused only for what is wrong with it, not for its shape.
/// </summary>
public sealed record PayloadJob(JsonElement Data, object? Extra) : IJobArgs
{
    public static string Kind => "chaos_decoding_payload";
}

/// <summary>What the handler ran: job id → runs, and the JSON kind of each run's <see cref="PayloadJob.Extra"/>.</summary>
public sealed class PayloadRuns
{
    private readonly ConcurrentDictionary<long, int> _runs = new();

    public IReadOnlyDictionary<long, int> Runs => _runs;

    public ConcurrentDictionary<long, string> ExtraTypes { get; } = new();

    public void Ran(long id, object? extra)
    {
        _runs.AddOrUpdate(id, 1, (_, n) => n + 1);
        ExtraTypes[id] = extra?.GetType().Name ?? "null";
    }
}

/// <summary>Records the run; the payload's content is never interpreted.</summary>
public sealed class PayloadHandler(PayloadRuns runs) : IJobHandler<PayloadJob>
{
    public Task HandleAsync(PayloadJob args, JobContext context, CancellationToken ct)
    {
        runs.Ran(context.Id, args.Extra);
        return Task.CompletedTask;
    }
}

/// <summary>An args type that validates in its constructor, as records often do: a negative count cannot be built.</summary>
public sealed record GuardedJob(int Count) : IJobArgs
{
    public static string Kind => "chaos_decoding_guarded";

    public int Count { get; } = Count >= 0 ? Count : throw new FormatException("Count must not be negative.");
}

/// <summary>Records the run.</summary>
public sealed class GuardedHandler(PayloadRuns runs) : IJobHandler<GuardedJob>
{
    public Task HandleAsync(GuardedJob args, JobContext context, CancellationToken ct)
    {
        runs.Ran(context.Id, null);
        return Task.CompletedTask;
    }
}
