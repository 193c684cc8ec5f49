using System.Globalization;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>What the store restarts of one run did, beyond the harness's <see cref="Harness.ChaosFigures"/>.</summary>
public sealed record RestartFigures
{
    /// <summary>Each restart, in order.</summary>
    public required IReadOnlyList<StoreOutage> Outages { get; init; }

    /// <summary>Enqueues of unknown outcome (the store failed the call while it was down or coming back).</summary>
    public required int UnknownOutcomes { get; init; }

    /// <summary>Jobs executed that no acknowledgement named: enqueues of unknown outcome that landed after all.</summary>
    public required int UnknownThatLanded { get; init; }

    /// <summary>Acknowledged jobs the store no longer holds (an enqueue the restart took back).</summary>
    public required IReadOnlyList<long> TakenBack { get; init; }

    /// <summary>Of <see cref="TakenBack"/>, those acknowledged outside the window a kill may take back.</summary>
    public required IReadOnlyList<long> TakenBackBeyondBound { get; init; }

    /// <summary>Acknowledged jobs no worker finished and that no allowed loss explains.</summary>
    public required IReadOnlyList<long> LostBeyondBound { get; init; }

    /// <summary>Duplicate executions after the earlier attempt's lease ran out across an outage (the store rescued it).</summary>
    public required int AfterLeaseRanOut { get; init; }

    /// <summary>Duplicate executions of the same attempt after the kill took back the fetch (everysec only).</summary>
    public required int AfterFetchTakenBack { get; init; }

    /// <summary>Duplicate executions no allowed cause explains, described.</summary>
    public required IReadOnlyList<string> Unexplained { get; init; }

    /// <summary>Lease rescues the store recorded (<c>crashed</c> errors).</summary>
    public required int Rescues { get; init; }

    /// <summary>Rescued attempts no worker ran: a fetch whose answer the outage cut, the job leased until the lease ran out.</summary>
    public required int RescuedUnrun { get; init; }

    /// <summary>Per restart and worker, from the server answering again to the worker's first finished job begun after it (ms), sorted.</summary>
    public required IReadOnlyList<long> ResumeMs { get; init; }

    /// <summary>Workers that never finished a job begun after a restart, as <c>restart/pid</c>.</summary>
    public required IReadOnlyList<string> NeverResumed { get; init; }

    /// <summary>The resume time at quantile <paramref name="p"/> (nearest rank), in ms.</summary>
    public long ResumePercentile(double p) => ResumeMs.Count == 0 ? 0 : ResumeMs[Math.Clamp((int)Math.Ceiling(p * ResumeMs.Count) - 1, 0, ResumeMs.Count - 1)];

    /// <summary>The figures for the report's notes.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Outages.Count} restarts, down {string.Join("/", Outages.Select(o => $"{o.Length.TotalMilliseconds:0}"))} ms; "
        + $"resume p50 {ResumePercentile(0.50)} / p99 {ResumePercentile(0.99)} / max {ResumePercentile(1)} ms (all: {string.Join(" ", ResumeMs)}); "
        + $"unknown outcomes {UnknownOutcomes} ({UnknownThatLanded} landed); taken back {TakenBack.Count}; "
        + $"duplicates after a lease ran out {AfterLeaseRanOut}, after a fetch taken back {AfterFetchTakenBack}, unexplained {Unexplained.Count}; "
        + $"rescues {Rescues} ({RescuedUnrun} of attempts never run)");
}
