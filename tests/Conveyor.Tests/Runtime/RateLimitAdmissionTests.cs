using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

public sealed class RateLimitAdmissionTests
{
    [Fact]
    public void InTime_HoldsUpToTenMillisecondsAfterAsking_AndNotAMomentLonger()
    {
        var time = new FakeTimeProvider();
        var admission = new RateLimitAdmission(time.GetTimestamp(), TimeSpan.Zero, TimeSpan.FromMilliseconds(5), Request(), new RateLimitToken(1_000, 7));

        time.Advance(TimeSpan.FromMilliseconds(10));
        var atTheLimit = admission.InTime(time);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(atTheLimit);
        Assert.False(admission.InTime(time));
    }

    [Fact]
    public void InTime_DiscountsTheTimeTheTakeQueuedInTheStore_BeforeItWasCounted()
    {
        var time = new FakeTimeProvider();
        var admission = new RateLimitAdmission(time.GetTimestamp(), TimeSpan.FromMilliseconds(300), TimeSpan.Zero, Request(), new RateLimitToken(1_000, 7));

        time.Advance(TimeSpan.FromMilliseconds(310));
        var justInTime = admission.InTime(time);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(justInTime);
        Assert.False(admission.InTime(time));
    }

    [Fact]
    public void CountedWindow_IsThePeriodPlusTheStartAllowanceAndTheStepToTheHandler_SoStartsInAnyPeriodFallInOneCountedWindow()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1_025), RateLimitAdmission.CountedWindow(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void GiveUp_SnoozesForTheRetry_WithoutChargingAnAttempt()
    {
        var admission = new RateLimitAdmission(0, TimeSpan.Zero, TimeSpan.FromMilliseconds(37), Request(), new RateLimitToken(1_000, 7));

        var outcome = Assert.IsType<ExecutionOutcome.SnoozeRequested>(admission.GiveUp());

        Assert.Equal(TimeSpan.FromMilliseconds(37), outcome.Delay);
    }

    [Fact]
    public void Again_CountsFromTheNewTake_AndHandsBackOnlyIt_WhenTheFirstWasTooLate()
    {
        var time = new FakeTimeProvider();
        var late = new RateLimitAdmission(time.GetTimestamp(), TimeSpan.Zero, TimeSpan.FromMilliseconds(5), Request(), new RateLimitToken(1_000, 7));
        time.Advance(TimeSpan.FromMilliseconds(50));

        var again = late.Again(time.GetTimestamp(), new RateLimitResult(true, TimeSpan.Zero, TimeSpan.Zero, new RateLimitToken(51_000, 8)));

        Assert.False(late.InTime(time));
        Assert.True(again.InTime(time));
        Assert.Equal(new RateLimitRelease { Key = "partner", Token = new RateLimitToken(51_000, 8) }, again.Take);
    }

    private static RateLimitRequest Request() => new() { Key = "partner", Limit = 5, Period = RateLimitAdmission.CountedWindow(TimeSpan.FromSeconds(1)) };
}
