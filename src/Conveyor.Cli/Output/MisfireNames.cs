namespace Conveyor.Cli.Output;

/// <summary>The CLI's names for misfire policies: <c>run-once</c>, <c>run-all</c>, <c>skip</c>.</summary>
internal static class MisfireNames
{
    public static string ToWireName(this MisfirePolicy policy) => policy switch
    {
        MisfirePolicy.RunOnce => "run-once",
        MisfirePolicy.RunAll => "run-all",
        MisfirePolicy.Skip => "skip",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    public static MisfirePolicy Parse(string text) => text switch
    {
        "run-once" => MisfirePolicy.RunOnce,
        "run-all" => MisfirePolicy.RunAll,
        "skip" => MisfirePolicy.Skip,
        _ => throw new CliException($"Unknown misfire policy '{text}': use run-once, run-all or skip."),
    };
}
