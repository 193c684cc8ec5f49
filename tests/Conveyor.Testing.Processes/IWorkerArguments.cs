using System.Globalization;

namespace Conveyor.Testing.Processes;

/// <summary>What a test tells one test worker process: its command line, given the ledger it writes.</summary>
public interface IWorkerArguments
{
    /// <summary>The command-line arguments, with this worker's <paramref name="ledger"/>.</summary>
    IEnumerable<string> ToArguments(string ledger);

    /// <summary>
    /// <c>--Name value</c> pairs (bound by Microsoft.Extensions.Configuration in the worker) for the settings that have a
    /// value; a null one keeps the worker's default.
    /// </summary>
    static IEnumerable<string> Named(params (string Name, object? Value)[] settings) =>
        settings.Where(s => s.Value is not null).SelectMany(s => new[] { $"--{s.Name}", Format(s.Value!) });

    private static string Format(object value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
