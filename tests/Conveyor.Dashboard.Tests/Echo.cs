namespace Conveyor.Dashboard.Tests;

/// <summary>The seeded jobs' kind; its handler succeeds.</summary>
public sealed record Echo(int N) : IJobArgs
{
    public static string Kind => "echo";
}

/// <summary>Completes every <see cref="Echo"/>.</summary>
public sealed class EchoHandler : IJobHandler<Echo>
{
    public Task HandleAsync(Echo args, JobContext context, CancellationToken ct) => Task.CompletedTask;
}
