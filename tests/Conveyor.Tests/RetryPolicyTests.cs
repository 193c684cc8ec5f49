namespace Conveyor.Tests;

public sealed class RetryPolicyTests
{
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
}
