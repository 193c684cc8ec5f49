using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Dashboard.Tests;

/// <summary>The dashboard mounted at <c>/conveyor</c> in a real Kestrel app on 127.0.0.1 (a free port), over a test store, with a cookie-keeping client.</summary>
internal sealed partial class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = root };
    }

    /// <summary>The dashboard's root, e.g. <c>http://127.0.0.1:41234/conveyor/</c>.</summary>
    public Uri Root { get; }

    /// <summary>A client that keeps cookies (the antiforgery one) and does not follow redirects.</summary>
    public HttpClient Http { get; }

    public static async Task<DashboardServer> StartAsync(
        TestStore store,
        Action<DashboardOptions>? configure = null,
        Action<WebApplication>? middleware = null,
        Action<IServiceCollection>? services = null,
        string listen = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{listen}:0");
        store.Register(builder.Services);
        services?.Invoke(builder.Services);
        builder.Services.AddConveyorDashboard(configure);
        var app = builder.Build();
        middleware?.Invoke(app);
        app.MapConveyorDashboard("/conveyor");
        await app.StartAsync();
        return new DashboardServer(app, new Uri(app.Urls.First() + "/conveyor/"));
    }

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string TokenIn(string html) => TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");

    /// <summary>POSTs a form to a dashboard path.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string> fields) =>
        Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));

    /// <summary>Loads <paramref name="page"/>, then POSTs to <paramref name="path"/> with the page's token and <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> PostFromPageAsync(string page, string path, params (string Key, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Key, f => f.Value);
        form["__RequestVerificationToken"] = TokenIn(await GetStringAsync(page));
        return await PostAsync(path, form);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
