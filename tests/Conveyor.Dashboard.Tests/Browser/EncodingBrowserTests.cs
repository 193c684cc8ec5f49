using System.Text.Json.Nodes;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class EncodingBrowserTests
{
    private const string ScriptTag = "<script>window.__pwned=1</script>";
    private const string ImageTag = "<img src=x onerror=window.__pwned=1>";

    [Fact]
    public async Task JobPage_ShowsMarkupInArgumentsAsTextAndRunsNone_WhenTheArgumentsHoldScriptAndImageTags()
    {
        await using var store = await TestStore.CreateAsync();
        var args = new JsonObject { ["note"] = ScriptTag, ["image"] = ImageTag };
        var id = await store.Client.EnqueueRawAsync("echo", Seeded.Args(args.ToJsonString()), new EnqueueOptions { Queue = "default" }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "script",
            ["base"] = server.Root.ToString(),
            ["job"] = id,
        });

        Browse.NoErrors(report);
        Assert.Contains(ScriptTag, (string)report["args"]!, StringComparison.Ordinal);
        Assert.Contains(ImageTag, (string)report["args"]!, StringComparison.Ordinal);
        Assert.Equal(0, (int)report["injected"]!);
        Assert.Equal("undefined", (string)report["pwned"]!);
    }
}
