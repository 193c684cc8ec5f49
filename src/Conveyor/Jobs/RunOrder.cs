using Conveyor.Storage;

namespace Conveyor;

/// <summary>
/// A job type's ordering: the key <see cref="KeyOf"/> takes from a job's decoded arguments at enqueue is stored with
/// the job, and jobs of one queue, kind and key start one at a time, in enqueue order (see docs/flow-control.md).
/// </summary>
/// <param name="KeyOf">The ordering key of a job's decoded arguments; null or empty for a job that waits for nothing.</param>
public sealed record RunOrder(Func<object, string?> KeyOf)
{
    /// <summary>The stored key for these decoded <paramref name="args"/> of <paramref name="kind"/>: null when empty.</summary>
    /// <exception cref="ArgumentException">The key is longer than <see cref="StoreLimits.MaxOrderingKeyLength"/>.</exception>
    public string? KeyFor(string kind, object args)
    {
        var key = KeyOf(args);
        if (key?.Length > StoreLimits.MaxOrderingKeyLength)
        {
            throw new ArgumentException(
                $"The ordering key of '{kind}' is {key.Length:N0} characters, over the cap of {StoreLimits.MaxOrderingKeyLength}: order by an id, not by a description.",
                nameof(args));
        }

        return string.IsNullOrEmpty(key) ? null : key;
    }
}
