namespace Conveyor.Cli.Tests;

public sealed class ParsingTests
{
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

        Assert.Equal(11, handlers.Count);
        Assert.Contains(typeof(OrderShop.Handlers.ChargePaymentHandler), handlers);
        Assert.Contains(typeof(OrderShop.Handlers.SendReceiptHandler), handlers);
    }
}
