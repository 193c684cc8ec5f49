namespace Conveyor.Storage.Conformance;

/// <summary>Compares stored jobs field by field (arguments, errors and tags by content).</summary>
public sealed class JobComparer : IEqualityComparer<JobRecord>
{
    /// <summary>The comparer.</summary>
    public static JobComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(JobRecord? x, JobRecord? y) =>
        x is not null && y is not null
        && x with { Args = default, Errors = [], Tags = [] } == y with { Args = default, Errors = [], Tags = [] }
        && x.Args.Span.SequenceEqual(y.Args.Span)
        && x.Errors.SequenceEqual(y.Errors)
        && x.Tags.SequenceEqual(y.Tags);

    /// <inheritdoc />
    public int GetHashCode(JobRecord obj) => obj.Id.GetHashCode();
}
