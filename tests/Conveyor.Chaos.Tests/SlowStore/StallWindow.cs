namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>One injected stall: when it began and ended (<see cref="TimeProvider.GetTimestamp"/> values).</summary>
public readonly record struct StallWindow(long Start, long End)
{
    /// <summary>Whether the stall held <paramref name="call"/>: it was on its way when the stall began or was sent during it.</summary>
    public bool Held(RenewalCall call) => call.SentAt < End && call.AnsweredAt > Start;
}
