using System.Reflection;
using Xunit.Sdk;

namespace Conveyor.Cli.Tests;

/// <summary>Runs a theory once per store kind the CLI supports (<c>sqlite</c>, <c>postgres</c>, <c>redis</c>), passed as its one argument.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class EveryStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"], ["postgres"], ["redis"]];
}

/// <summary>
/// Runs a theory once per SQL store kind (<c>sqlite</c>, <c>postgres</c>): the order shop's web API keeps its orders in
/// the database of its jobs and enqueues in the same transaction, which Redis has no part in.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class EverySqlStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"], ["postgres"]];
}
