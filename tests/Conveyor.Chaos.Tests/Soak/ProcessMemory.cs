using System.Globalization;

namespace Conveyor.Chaos.Tests.Soak;

/// <summary>A process's resident memory, read from <c>/proc/PID/status</c>.</summary>
public static class ProcessMemory
{
    /// <summary>The resident set size of process <paramref name="pid"/> in bytes, or null if it has ended.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
