using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Conveyor.Cli;

namespace Conveyor.Dashboard.Tests;

public sealed class DashboardCommandTests
{
    [Fact]
    public async Task Dashboard_ServesThePagesOverTheStore_UntilCancelled()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = ConveyorCli.InvokeAsync(["--store", $"sqlite:{store.Path}", "dashboard", "--urls", $"http://127.0.0.1:{port}", "--read-only"], output, error, stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var overview = await GetWhenListeningAsync(http, "", null, stop.Token);
        var deadLetters = await http.GetStringAsync(new Uri("dead-letters", UriKind.Relative), stop.Token);
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("""<span class="stat-value" id="count-discarded">1</span>""", await overview.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("""href="/jobs/""", deadLetters, StringComparison.Ordinal);
        Assert.DoesNotContain("method=\"post\"", deadLetters, StringComparison.Ordinal);
        Assert.Contains($"dashboard at http://127.0.0.1:{port} on sqlite:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("(read-only)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_RequiresTheToken_WhenListeningOnEveryAddressWithOne()
    {
        await using var store = await TestStore.CreateAsync();
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = ConveyorCli.InvokeAsync(["--store", $"sqlite:{store.Path}", "dashboard", "--urls", $"http://0.0.0.0:{port}", "--token", "t0ken"], output, error, stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var withToken = await GetWhenListeningAsync(http, "queues", new AuthenticationHeaderValue("Bearer", "t0ken"), stop.Token);
        using var without = await http.GetAsync(new Uri("queues", UriKind.Relative), stop.Token);
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://127.0.0.1:5000;http://example.com:5000")]
    public async Task Dashboard_RefusesToListenBeyondThisMachine_WithoutAToken(string urls)
    {
        await using var store = await TestStore.CreateAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConveyorCli.InvokeAsync(["--store", $"sqlite:{store.Path}", "dashboard", "--urls", urls], output, error);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --urls ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("listens beyond this machine", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--token", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient http, string path, AuthenticationHeaderValue? authorization, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = authorization;
                return await http.SendAsync(request, ct);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
