namespace Conveyor.Cli;

/// <summary>A user-facing error: printed as one red line, exit code 1, no stack trace.</summary>
internal sealed class CliException(string message) : Exception(message)
{
    /// <summary>A store's refusal of a setting, its message without the " (Parameter 'x')" .NET appends.</summary>
    public static CliException From(ArgumentException error) =>
        new(error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", "", StringComparison.Ordinal));
}
