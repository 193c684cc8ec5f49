namespace Conveyor;

/// <summary>A limit counted per key: the key its selector takes from a job's decoded arguments, or the job type's kind.</summary>
/// <param name="KeyOf">The key of a job's decoded arguments; null for one key per job type.</param>
public abstract record KeyedLimit(Func<object, string>? KeyOf)
{
    /// <summary>The store key for a job of <paramref name="kind"/> with these decoded <paramref name="args"/>.</summary>
    public string KeyFor(string kind, object args) => KeyOf is null ? kind : $"{kind}:{KeyOf(args)}";
}
