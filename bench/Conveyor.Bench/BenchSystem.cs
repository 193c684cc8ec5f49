namespace Conveyor.Bench;

/// <summary>A job system under benchmark (Conveyor on one store, or a peer): its name and a factory of fresh, empty targets.</summary>
/// <param name="Name">The name in the report, e.g. <c>postgres</c> or <c>hangfire-postgres</c>.</param>
/// <param name="Configuration">What was set for the run, in words (e.g. Hangfire's poll interval), or null.</param>
/// <param name="Fresh">Creates an empty target for one workload run.</param>
/// <param name="MeasureScaleOut">Whether to run W4 (the drain with several worker processes) as well.</param>
public sealed record BenchSystem(string Name, string? Configuration, Func<IBenchTarget> Fresh, bool MeasureScaleOut);
