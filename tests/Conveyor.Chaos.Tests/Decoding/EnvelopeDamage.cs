namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// One field of a stored job other than its arguments, overwritten: a column and an SQL expression (SQLite,
/// PostgreSQL) or a hash field and its raw text (Redis), and the fragment the discard reason must contain. An empty
/// reason marks a field the fetch itself rewrites when it claims the job: the damage is repaired and the job must run.
/// </summary>
public sealed record EnvelopeDamage(string Field, string Value, string Reason)
{
    /// <summary>Whether the claim rewrites the field, so the job runs.</summary>
    public bool RepairedByClaim => Reason.Length == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Field} = {(Value.Length > 40 ? Value[..40] + "…" : Value)}";
}
