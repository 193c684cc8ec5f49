using System.Globalization;

namespace Conveyor.Bench;

/// <summary>This process's peak resident set, as the kernel counts it.</summary>
public static class ProcessMemory
{
    /// <summary>
    /// Starts a measurement from a clean slate: collects garbage left by earlier work and resets the kernel's
    /// peak-RSS mark (Linux <c>clear_refs</c> 5).
    /// </summary>
    public static void ResetPeak()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        const string clearRefs = "/proc/self/clear_refs";
        if (File.Exists(clearRefs))
        {
            File.WriteAllText(clearRefs, "5");
        }
    }

    /// <summary>The peak resident set since the last reset (VmHWM), MB; the working set where /proc is missing.</summary>
    public static double PeakMb()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null
            ? Environment.WorkingSet / 1024.0 / 1024.0
            : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
