namespace Conveyor.Dashboard.Tests;

/// <summary>A test that needs root (it creates network namespaces); skipped, with the reason, when not run as root.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "Needs root on Linux to create a network namespace and a veth pair.";
        }
    }
}
