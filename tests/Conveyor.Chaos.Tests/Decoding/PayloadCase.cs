namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>One row's arguments, and the fragment its discard reason must contain (empty: the job must run).</summary>
public sealed record PayloadCase(string Name, byte[] Args, string Reason)
{
    /// <summary>The job's kind (<see cref="PayloadJob"/>'s unless set).</summary>
    public string Kind { get; init; } = PayloadJob.Kind;

    /// <inheritdoc />
    public override string ToString() => Name;
}
