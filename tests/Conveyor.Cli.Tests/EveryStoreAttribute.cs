using System.Reflection;
using Xunit.Sdk;

namespace Conveyor.Cli.Tests;

/// <summary>Runs a theory once per store kind the CLI supports (<c>sqlite</c>, <c>postgres</c>), passed as its one argument.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class EveryStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"], ["postgres"]];
}
