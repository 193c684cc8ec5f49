using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Conveyor.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Conveyor.Dashboard.Tests;

public sealed class SecurityTests
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [Fact]
    public async Task EveryRoute_CarriesTheStrictCspAndTheOtherHeaders_WhateverItsStatus()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);
        var overview = await server.GetStringAsync("");
        var css = System.Text.RegularExpressions.Regex.Match(overview, "href=\"/conveyor/(assets/[0-9a-f]+/dashboard.css)\"").Groups[1].Value;
        string[] paths = ["", "queues", "jobs", $"jobs/{seeded.Discarded}", "dead-letters", $"confirm?action=delete&id={seeded.Discarded}", "recurring", "workers", "health", "alerts", "api/overview", "api/queues", "metrics", css, "missing"];

        foreach (var path in paths)
        {
            using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(Csp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }

        using var post = await server.PostAsync("queues/default/pause", new Dictionary<string, string>());
        Assert.Equal(Csp, Assert.Single(post.Headers.GetValues("Content-Security-Policy")));
        Assert.DoesNotContain(" style=", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", overview, StringComparison.Ordinal);
        Assert.Matches("^(<script src=\"/conveyor/assets/[0-9a-f]+/[a-zA-Z/.]+\" defer></script>\\s*)+$", string.Join("\n", System.Text.RegularExpressions.Regex.Matches(overview, "<script[^>]*>[^<]*</script>").Select(m => m.Value)));
    }

    [Fact]
    public async Task ReadOnly_HidesEveryActionAndRefusesPosts_WhenConfigured()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store, o => o.ReadOnly = true);

        var pages = string.Concat(await Task.WhenAll(new[] { "queues", $"jobs/{seeded.Discarded}", "dead-letters", "recurring" }.Select(server.GetStringAsync)));
        using var post = await server.PostAsync($"jobs/{seeded.Discarded}/retry", new Dictionary<string, string>());

        Assert.DoesNotContain("method=\"post\"", pages, StringComparison.Ordinal);
        Assert.DoesNotContain("Delete…", pages, StringComparison.Ordinal);
        Assert.Contains("id=\"read-only\"", pages, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(JobState.Discarded, (await store.Admin.GetJobAsync(new Storage.GetJobRequest { JobId = seeded.Discarded }, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task SpoofedForwardedFor_IsIgnored_WhenTheAppConfiguresNoForwardedHeaders()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store);

        using var request = new HttpRequestMessage(HttpMethod.Get, "queues");
        request.Headers.Add("X-Forwarded-For", "1.2.3.4");
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_CannotMakeARemoteRequestLocal_WhenTheConnectionIsNotLoopback()
    {
        await using var store = await TestStore.CreateAsync();
        // Stands for a peer on the network: the connection's address is what the rule reads.
        await using var server = await DashboardServer.StartAsync(store, middleware: app => app.Use((http, next) =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse("10.20.30.40");
            return next(http);
        }));

        using var request = new HttpRequestMessage(HttpMethod.Get, "queues");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_IsTheClientAddress_WhenTheAppTrustsItsProxyThroughForwardedHeadersMiddleware()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store, middleware: app =>
        {
            var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
            options.KnownProxies.Add(IPAddress.Loopback);
            app.UseForwardedHeaders(options);
        });

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "queues");
        proxied.Headers.Add("X-Forwarded-For", "1.2.3.4");
        using var remote = await server.Http.SendAsync(proxied);
        using var local = await server.Http.GetAsync(new Uri("queues", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task Token_AcceptsTheRightTokenAndRefusesOthers_FromAnyAddress()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(
            store,
            o => o.Token("s3cret-token"),
            app => app.Use((http, next) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse("10.20.30.40");
                return next(http);
            }));

        using var none = await SendAsync(server, null);
        using var wrong = await SendAsync(server, new AuthenticationHeaderValue("Bearer", "s3cret-tokeN"));
        using var right = await SendAsync(server, new AuthenticationHeaderValue("Bearer", "s3cret-token"));
        using var browser = await SendAsync(server, Basic("anyone", "s3cret-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Bearer realm=\"Conveyor dashboard\"", none.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, browser.StatusCode);
    }

    [Fact]
    public async Task BasicAuth_AcceptsTheRightUserAndPasswordAndRefusesOthers_EvenFromLoopback()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store, o => o.BasicAuth("ops", "pa:ss"));

        using var none = await SendAsync(server, null);
        using var wrongUser = await SendAsync(server, Basic("op", "pa:ss"));
        using var wrongPassword = await SendAsync(server, Basic("ops", "pa:s"));
        using var right = await SendAsync(server, Basic("ops", "pa:ss"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.StartsWith("Basic realm=\"Conveyor dashboard\"", none.Headers.WwwAuthenticate.Single().ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", null, null, "Allow")]
    [InlineData("::1", null, null, "Allow")]
    [InlineData("::ffff:127.0.0.1", null, null, "Allow")]
    [InlineData("10.0.0.5", null, null, "Forbid")]
    [InlineData(null, null, null, "Forbid")]
    [InlineData("10.0.0.5", "tok", "Bearer tok", "Allow")]
    [InlineData("10.0.0.5", "tok", "Bearer to", "Challenge")]
    [InlineData("127.0.0.1", "tok", null, "Challenge")]
    [InlineData("10.0.0.5", "tok", "Basic !!!", "Challenge")]
    public void Decide_AppliesTheAccessRule_ForEachAddressAndCredential(string? address, string? token, string? authorization, string expected)
    {
        var options = new DashboardOptions();
        if (token is not null)
        {
            options.Token(token);
        }

        Assert.Equal(Enum.Parse<Access>(expected), AccessDecision.Decide(options, address is null ? null : IPAddress.Parse(address), authorization));
    }

    [Fact]
    public void Decide_LeavesRemoteRequestsToTheApp_WhenAnAuthorizationPolicyIsConfigured()
    {
        var options = new DashboardOptions { AuthorizationPolicy = "ops" };

        Assert.Equal(Access.Allow, AccessDecision.Decide(options, IPAddress.Parse("10.0.0.5"), null));
    }

    private static async Task<HttpResponseMessage> SendAsync(DashboardServer server, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "queues");
        request.Headers.Authorization = authorization;
        return await server.Http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
