namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// The multi-process fault tests: one at a time, since each wants the machine's cores for its worker processes and
/// measures recovery times.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    /// <summary>The collection's name.</summary>
    public const string Name = "chaos processes";
}
