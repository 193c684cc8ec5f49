using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

public sealed class RateLimitAdmissionTests
{
    [Fact]
    public void InTime_HoldsUpToTwentyMillisecondsAfterAsking_AndNotAMomentLonger()
    {
        var time = new FakeTimeProvider();
        var admission = new RateLimitAdmission(time.GetTimestamp(), TimeSpan.Zero, TimeSpan.FromMilliseconds(5), Take());

        time.Advance(RateLimitAdmission.StartWithin);
        var atTheLimit = admission.InTime(time);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(atTheLimit);
        Assert.False(admission.InTime(time));
    }

    [Fact]
    public void InTime_DiscountsTheTimeTheTakeQueuedInTheStore_BeforeItWasCounted()
    {
        var time = new FakeTimeProvider();
        var admission = new RateLimitAdmission(time.GetTimestamp(), TimeSpan.FromMilliseconds(300), TimeSpan.Zero, Take());

        time.Advance(TimeSpan.FromMilliseconds(320));
        var justInTime = admission.InTime(time);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(justInTime);
        Assert.False(admission.InTime(time));
    }

    [Fact]
    public void CountedWindow_IsThePeriodPlusTheStartAllowance_SoStartsInAnyPeriodFallInOneCountedWindow()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1_020), RateLimitAdmission.CountedWindow(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void GiveUp_SnoozesForTheRetry_WithoutChargingAnAttempt()
    {
        var admission = new RateLimitAdmission(0, TimeSpan.Zero, TimeSpan.FromMilliseconds(37), Take());

        var outcome = Assert.IsType<ExecutionOutcome.SnoozeRequested>(admission.GiveUp());

        Assert.Equal(TimeSpan.FromMilliseconds(37), outcome.Delay);
    }

    private static RateLimitRelease Take() => new() { Key = "partner", Token = new RateLimitToken(1_000, 7) };
}
