namespace Conveyor.Bench;

/// <summary>
/// How a worker process reaches a target: the store it attaches to, handed over in the environment so that a
/// connection string's password never shows in the process list, and the arguments after <c>bench-worker</c>.
/// </summary>
/// <param name="Store">The <c>--store</c> value of the target's namespace.</param>
/// <param name="Arguments">The arguments that pick the system (e.g. <c>--peer hangfire-postgres</c>) and the workload.</param>
public sealed record WorkerLaunch(string Store, IReadOnlyList<string> Arguments)
{
    /// <summary>The same launch with <paramref name="more"/> arguments after these.</summary>
    public WorkerLaunch With(params string[] more) => this with { Arguments = [.. Arguments, .. more] };
}
