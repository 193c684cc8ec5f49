using System.Globalization;
using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>
/// libfaketime (Debian's <c>libfaketime</c>), preloaded into a worker process so that its wall clock (what
/// <see cref="TimeProvider.System"/> reads) runs at a fixed offset from the machine's, while its monotonic clock (timers,
/// delays, elapsed times) keeps real pace. The library is installed with <c>apt-get</c> on first use when missing (CI
/// runs as root on a clean machine); a test that cannot have it fails saying why.
/// </summary>
internal static class Faketime
{
    private const string Package = "libfaketime";
    private const string LibraryName = "libfaketime.so.1";
    private static readonly Lazy<Task<string>> Library = new(FindOrInstallAsync);

    /// <summary>The environment that starts a process with its wall clock <paramref name="offset"/> (whole seconds) from the machine's.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(TimeSpan offset) => new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = await Library.Value,
        // A relative offset in seconds ("+300", "-300"): the faked clock moves with the real one.
        ["FAKETIME"] = ((long)offset.TotalSeconds).ToString("+0;-0;+0", CultureInfo.InvariantCulture),
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
    };

    private static async Task<string> FindOrInstallAsync()
    {
        if (await FindAsync() is { } found)
        {
            return found;
        }

        var install = await DebianTools.InstallAsync(Package);

        return await FindAsync() ?? throw new InvalidOperationException(
            $"The clock-skew tests need Debian's {Package} ({LibraryName}), which is not installed and could not be installed " +
            $"(apt-get needs root; run 'apt-get install {Package}'). apt-get said (exit {install.ExitCode}):\n{install.Output}");
    }

    /// <summary>The library's path as the installed package lists it, or null when the package is not installed.</summary>
    private static async Task<string?> FindAsync()
    {
        var listed = await DebianTools.RunAsync("dpkg-query", "-L", Package);
        return listed.ExitCode != 0
            ? null
            : listed.Output.Split('\n').Select(line => line.Trim()).FirstOrDefault(path => path.EndsWith("/faketime/" + LibraryName, StringComparison.Ordinal) && File.Exists(path));
    }
}
