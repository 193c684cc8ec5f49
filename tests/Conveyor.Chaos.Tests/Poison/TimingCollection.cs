namespace Conveyor.Chaos.Tests.Poison;

/// <summary>
/// Tests whose figures are latencies and rates: xunit runs them one at a time, after the parallel tests, so another
/// test's load does not land on one run of a comparison and not the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    /// <summary>The collection's name, for <c>[Collection(TimingCollection.Name)]</c>.</summary>
    public const string Name = "Poison timing";
}
