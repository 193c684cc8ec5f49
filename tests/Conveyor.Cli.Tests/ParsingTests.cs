namespace Conveyor.Cli.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("sqlite:conveyor.db", "sqlite", "conveyor.db")]
    [InlineData("sqlite:/var/lib/jobs.db", "sqlite", "/var/lib/jobs.db")]
    [InlineData("memory", "memory", null)]
    [InlineData("", "sqlite", "conveyor.db")]
    public void StoreSpecParse_ReturnsSchemeAndPath_WhenWellFormed(string text, string scheme, string? path)
    {
        var spec = StoreSpec.Parse(text);

        Assert.Equal(scheme, spec.Scheme);
        Assert.Equal(path, spec.Path);
    }

    [Theory]
    [InlineData("postgres:Host=localhost")]
    [InlineData("conveyor.db")]
    [InlineData("sqlite:")]
    public void StoreSpecParse_Throws_WhenSchemeIsUnknownOrPathMissing(string text)
    {
        var error = Assert.Throws<CliException>(() => StoreSpec.Parse(text));

        Assert.Contains("sqlite:PATH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("3s", 3_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("00:00:30", 30_000)]
    public void DurationParse_ReturnsTheDuration_WhenWellFormed(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DurationParser.Parse(text, "--duration"));
    }

    [Fact]
    public void QueueSpecParse_ReturnsQueuesInOrder_WhenWellFormed()
    {
        var queues = QueueSpecParser.Parse("high=4, default=2,low");

        Assert.Equal([new("high", 4), new("default", 2), new("low", 1)], queues);
    }

    [Theory]
    [InlineData("high=0")]
    [InlineData("high=x")]
    [InlineData("bad name=1")]
    public void QueueSpecParse_Throws_WhenAnEntryIsMalformed(string text)
    {
        Assert.Throws<CliException>(() => QueueSpecParser.Parse(text));
    }

    [Fact]
    public void FindHandlers_ReturnsEveryOrderShopHandler_WhenGivenItsAssembly()
    {
        var handlers = HandlerDiscovery.FindHandlers(typeof(OrderShop.OrderShopSimulator).Assembly);

        Assert.Equal(10, handlers.Count);
        Assert.Contains(typeof(OrderShop.Handlers.ChargePaymentHandler), handlers);
    }
}
