namespace Conveyor.Tests;

public sealed class JobStatesTests
{
    [Fact]
    public void ToWireName_RoundTrips_ForEveryState()
    {
        foreach (var state in JobStates.All)
        {
            Assert.Equal(state, JobStates.ParseWireName(state.ToWireName()));
        }
    }

    [Fact]
    public void ParseWireName_Throws_NamingTheValidStates_WhenUnknown()
    {
        var error = Assert.Throws<ArgumentException>(() => JobStates.ParseWireName("dead"));

        Assert.Contains("discarded", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("emails.high-2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("<script>", false)]
    public void QueueNames_IsValid_AcceptsOnlySafeNames(string name, bool valid) =>
        Assert.Equal(valid, QueueNames.IsValid(name));
}
