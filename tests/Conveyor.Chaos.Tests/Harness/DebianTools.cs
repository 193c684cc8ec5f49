using System.ComponentModel;
using System.Diagnostics;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// The programs some fault tests need from Debian's packages (iptables, libfaketime): running one and installing a
/// missing package with apt-get (CI runs as root on a clean machine).
/// </summary>
internal static class DebianTools
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code and output (standard output, then error); -1 if it cannot start.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        arguments.ToList().ForEach(start.ArgumentList.Add);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        catch (Win32Exception ex)
        {
            return (-1, $"{file} could not run: {ex.Message} (not a Debian machine?)");
        }
    }

    /// <summary>
    /// Installs <paramref name="package"/> with apt-get, updating the package lists first only if the install fails
    /// (they may be missing or stale on a fresh machine), and waiting for dpkg's lock if another test holds it.
    /// Returns apt-get's last result, for the caller's error message.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> InstallAsync(string package)
    {
        string[] install = ["-o", "DPkg::Lock::Timeout=120", "install", "-y", "-qq", "--no-install-recommends", package];
        var result = await RunAsync("apt-get", install);
        if (result.ExitCode != 0)
        {
            var update = await RunAsync("apt-get", "-o", "DPkg::Lock::Timeout=120", "update", "-qq");
            result = update.ExitCode == 0 ? await RunAsync("apt-get", install) : update;
        }

        return result;
    }
}
