using Conveyor.Chaos.Producer;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// What the producers' calls left in the store: acknowledged calls whose jobs are there as returned, refused calls that
/// left nothing, and cut-off calls that committed whole or not at all. Anything else breaks a promise of the client.
/// </summary>
public sealed class CallOutcomes
{
    /// <summary>Calls acknowledged.</summary>
    public int Acknowledged { get; private set; }

    /// <summary>Acknowledged calls whose stored jobs are not exactly the ids returned (an acknowledged job missing, say).</summary>
    public int AcknowledgedMismatched { get; private set; }

    /// <summary>Calls refused with an error.</summary>
    public int Refused { get; private set; }

    /// <summary>Refused calls that left jobs in the store anyway.</summary>
    public int RefusedButStored { get; private set; }

    /// <summary>Cut-off calls (no outcome recorded) whose jobs are all in the store.</summary>
    public int UnknownCommitted { get; private set; }

    /// <summary>The jobs of <see cref="UnknownCommitted"/> calls: in the store, though no caller was told so.</summary>
    public int UnknownCommittedJobs { get; private set; }

    /// <summary>Cut-off calls that left no job.</summary>
    public int UnknownNotCommitted { get; private set; }

    /// <summary>Cut-off calls that left some of their jobs but not all: a batch is all or none.</summary>
    public int Partial { get; private set; }

    /// <summary>The errors the callers saw, as recorded.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Counts <paramref name="call"/>, which left <paramref name="stored"/> in the store.</summary>
    public void Add(RecordedCall call, IReadOnlySet<long> stored)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(stored);
        switch (call)
        {
            case { Ids: { } ids }:
                Acknowledged++;
                AcknowledgedMismatched += stored.SetEquals(ids) ? 0 : 1;
                break;
            case { Error: { } error }:
                Refused++;
                RefusedButStored += stored.Count == 0 ? 0 : 1;
                Errors.Add(error);
                break;
            default:
                UnknownCommitted += stored.Count == call.Jobs ? 1 : 0;
                UnknownCommittedJobs += stored.Count == call.Jobs ? stored.Count : 0;
                UnknownNotCommitted += stored.Count == 0 ? 1 : 0;
                Partial += stored.Count > 0 && stored.Count < call.Jobs ? 1 : 0;
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"calls acknowledged {Acknowledged} (mismatched {AcknowledgedMismatched}), refused {Refused} (left jobs {RefusedButStored}), "
        + $"cut off {UnknownCommitted + UnknownNotCommitted + Partial}: committed {UnknownCommitted}, not {UnknownNotCommitted}, partly {Partial}";
}
