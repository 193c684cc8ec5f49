using System.Reflection;

namespace Conveyor;

/// <summary>The version of Conveyor this process runs, as the node registry reports it.</summary>
public static class ConveyorVersion
{
    /// <summary>The informational version without build metadata, e.g. <c>0.1.0</c>.</summary>
    public static string Text { get; } =
        (typeof(ConveyorVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
