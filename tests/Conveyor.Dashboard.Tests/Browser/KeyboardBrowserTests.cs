using System.Text.Json.Nodes;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class KeyboardBrowserTests
{
    [Fact]
    public async Task Tab_ReachesTheSkipLinkThenTheNavInOrderWithAVisibleFocus_AndEnterFollowsALink()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "keyboard",
            ["base"] = server.Root.ToString(),
            ["enterOn"] = "nav-dead-letters",
        });

        Browse.NoErrors(report);
        var focused = report["focused"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal("Skip to content", (string)focused[0]["text"]!);
        Assert.Equal(
            ["nav-overview", "nav-queues", "nav-jobs", "nav-dead-letters"],
            focused.Select(f => (string?)f["id"]).Where(id => id?.StartsWith("nav-", StringComparison.Ordinal) == true));
        Assert.All(focused, f => Assert.True((string)f["outline"]! != "none" || (string)f["boxShadow"]! != "none", $"no visible focus on {f.ToJsonString()}"));
        Assert.Equal("Dead letters", (string)report["afterEnter"]!["heading"]!);
        Assert.Equal("/conveyor/dead-letters", (string)report["afterEnter"]!["path"]!);
    }
}
