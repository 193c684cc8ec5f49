using Conveyor.Health;

namespace Conveyor.Tests.Health;

public sealed class AlertTrackerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthFinding Deep = new("depth", "mail", true, "Queue mail has 11 jobs waiting, over 10.");

    [Fact]
    public void AFinding_FiresOnceAfterFireAfterRounds_AndResolvesOnceAfterResolveAfterRounds()
    {
        var tracker = new AlertTracker(fireAfter: 2, resolveAfter: 3);

        var rounds = new[] { true, true, true, false, true, false, false, false, false }
            .Select(present => tracker.Observe(present ? [Deep] : [], At))
            .ToList();

        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 1, 0], rounds.Select(r => r.Count));
        Assert.Equal(("firing", "depth", "mail", "unhealthy"), (rounds[1][0].Status, rounds[1][0].Rule, rounds[1][0].Subject, rounds[1][0].Severity));
        Assert.Equal(("resolved", Deep.Message), (rounds[7][0].Status, rounds[7][0].Message));
    }

    [Fact]
    public void AFindingThatComesAndGoes_NeverFires()
    {
        var tracker = new AlertTracker(fireAfter: 2, resolveAfter: 2);

        var events = Enumerable.Range(0, 10).SelectMany(i => tracker.Observe(i % 2 == 0 ? [Deep] : [], At)).ToList();

        Assert.Empty(events);
    }

    [Fact]
    public void ASeededAlert_DoesNotFireAgain_AndResolvesOnceAfterResolveAfterRounds()
    {
        var tracker = new AlertTracker(fireAfter: 2, resolveAfter: 2);
        tracker.Seed([Deep]);

        var rounds = new[] { true, true, false, false, false }.Select(present => tracker.Observe(present ? [Deep] : [], At)).ToList();

        Assert.Equal([0, 0, 0, 1, 0], rounds.Select(r => r.Count));
        Assert.Equal(("resolved", Deep.Message), (rounds[3][0].Status, rounds[3][0].Message));
    }

    [Fact]
    public void AFiringAlertLeftOutOfTheSeed_IsForgottenWithoutAnEvent()
    {
        var tracker = new AlertTracker(fireAfter: 1, resolveAfter: 1);
        Assert.Single(tracker.Observe([Deep], At));

        tracker.Seed([]);

        Assert.False(tracker.IsFiring(Deep.Rule, Deep.Subject));
        Assert.Empty(tracker.Observe([], At));
    }
}
