using System.Collections.Concurrent;

namespace Conveyor.Tests.Runtime;

public sealed record Ping(int N) : IJobArgs
{
    public static string Kind => "ping";
}

/// <summary>Records what ran, and behaves as the test's <see cref="Behaviour"/> says.</summary>
public sealed class Probe
{
    public ConcurrentQueue<(long Id, int Attempt)> Runs { get; } = new();

    public Func<JobContext, CancellationToken, Task> Behaviour { get; set; } = (_, _) => Task.CompletedTask;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class PingHandler(Probe probe) : IJobHandler<Ping>
{
    public async Task HandleAsync(Ping args, JobContext context, CancellationToken ct)
    {
        probe.Runs.Enqueue((context.Id, context.Attempt));
        probe.Started.TrySetResult();
        await probe.Behaviour(context, ct);
    }
}

public sealed record OrderPlaced(long OrderId) : IJobArgs
{
    public static string Kind => "order_placed";
}

public sealed class EmailSubscriber(Probe probe) : IJobHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced args, JobContext context, CancellationToken ct)
    {
        probe.Runs.Enqueue((context.Id, context.Attempt));
        return Task.CompletedTask;
    }
}

public sealed class FailingSubscriber : IJobHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced args, JobContext context, CancellationToken ct) =>
        throw new InvalidOperationException("warehouse is down");
}
