namespace Conveyor.Cli;

/// <summary>A user-facing error: printed as one red line, exit code 1, no stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
