using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conveyor.Tests;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new() { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(10) };

    [Fact]
    public void BackoffCap_Doubles_UntilMaxDelay()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(1), policy.BackoffCap(1));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.BackoffCap(2));
        Assert.Equal(TimeSpan.FromSeconds(8), policy.BackoffCap(4));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.BackoffCap(5));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.BackoffCap(1000));
    }

    [Property]
    public Property Backoff_IsMonotonic_ForAFixedJitter(PositiveInt attempt, NormalFloat sample)
    {
        var jitter = Unit(sample.Get);
        return (Policy.Backoff(attempt.Get, jitter) <= Policy.Backoff(attempt.Get + 1, jitter)).ToProperty();
    }

    [Property]
    public Property Backoff_StaysWithinAThirdOfTheCapAndTheCap_ForAnyJitter(PositiveInt attempt, NormalFloat sample)
    {
        var delay = Policy.Backoff(attempt.Get, Unit(sample.Get));
        var cap = Policy.BackoffCap(attempt.Get);
        return (delay >= cap / 3 && delay < cap && delay <= Policy.MaxDelay).ToProperty();
    }

    [Property]
    public Property BackoffCap_NeverDecreases(PositiveInt attempt) =>
        (Policy.BackoffCap(attempt.Get) <= Policy.BackoffCap(attempt.Get + 1)).ToProperty();

    [Fact]
    public void Backoff_SpreadsOverTheUpperTwoThirdsOfTheCap_WhenJitterVaries()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => Policy.Backoff(5, i / 1000.0)).ToList();

        Assert.Equal(Policy.BackoffCap(5) / 3, samples.Min());
        Assert.True(samples.Max() > Policy.BackoffCap(5) * 0.99);
        Assert.True(samples.Distinct().Count() > 900);
    }

    [Fact]
    public void Default_RetriesFirstBetweenTwentyAndSixtySeconds_ThenDoubles()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), RetryPolicy.Default.Backoff(1, 0));
        Assert.True(RetryPolicy.Default.Backoff(1, 0.999999) < TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(40), RetryPolicy.Default.Backoff(2, 0));
        Assert.Equal(TimeSpan.FromMinutes(20), RetryPolicy.Default.Backoff(20, 0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Backoff_Throws_WhenJitterIsOutsideUnitInterval(double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Backoff(1, jitter));

    [Fact]
    public void IsRetryable_False_ForPermanentJobException() =>
        Assert.False(RetryPolicy.Default.IsRetryable(typeof(PermanentJobException)));

    [Fact]
    public void IsRetryable_False_ForDiscardOnTypeAndSubtypes()
    {
        var policy = new RetryPolicy { DiscardOn = [typeof(ArgumentException)] };

        Assert.False(policy.IsRetryable(typeof(ArgumentNullException)));
        Assert.True(policy.IsRetryable(typeof(InvalidOperationException)));
    }

    [Fact]
    public void IsRetryable_OnlyListedTypes_WhenRetryOnIsSet()
    {
        var policy = new RetryPolicy { RetryOn = [typeof(TimeoutException)] };

        Assert.True(policy.IsRetryable(typeof(TimeoutException)));
        Assert.False(policy.IsRetryable(typeof(InvalidOperationException)));
    }

    private static double Unit(double value) =>
        double.IsFinite(value) ? Math.Abs(value) % 1.0 : 0.5;
}
