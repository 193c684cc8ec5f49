namespace Conveyor.Dashboard.Tests;

public sealed class RemoteAddressTests
{
    [RootFact]
    public async Task RemoteRequest_Gets403_WhenNothingOpensTheDashboardToOtherAddresses()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store, listen: ns.HostAddress);

        var remote = await ns.GetStatusAsync(new Uri(server.Root, "queues").ToString());

        Assert.Equal(403, remote);
    }

    [RootFact]
    public async Task RemoteRequest_IsServedOnlyWithTheToken_WhenATokenIsConfigured()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store, o => o.Token("remote-t0ken"), listen: ns.HostAddress);
        var url = new Uri(server.Root, "queues").ToString();

        var without = await ns.GetStatusAsync(url);
        var wrong = await ns.GetStatusAsync(url, "Bearer remote-t0ke");
        var right = await ns.GetStatusAsync(url, "Bearer remote-t0ken");

        Assert.Equal((401, 401, 200), (without, wrong, right));
    }
}
