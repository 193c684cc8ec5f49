using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conveyor.Dashboard.Tests;

public sealed class MountingTests
{
    [Fact]
    public async Task MapConveyorDashboard_ServesTheStoreAndMeterOfAddConveyor_InAnAppThatRunsWorkers()
    {
        await using var store = await TestStore.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddConveyor(c => c.UseSqlite(store.Path).AddHandler<EchoHandler>().Queue("default"));
        builder.Services.AddConveyorDashboard();
        await using var app = builder.Build();
        app.MapConveyorDashboard("/ops/conveyor");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/ops/conveyor/") };

        var id = await app.Services.GetRequiredService<IJobClient>().EnqueueAsync(new Echo(1));
        var metrics = "";
        for (var i = 0; i < 200 && !metrics.Contains("outcome=\"completed\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        }

        var job = await http.GetStringAsync(new Uri($"jobs/{id}", UriKind.Relative));
        await app.StopAsync();

        Assert.Contains("conveyor_jobs_processed_total{kind=\"echo\",outcome=\"completed\",queue=\"default\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("""<span class="badge state-completed">completed</span>""", job, StringComparison.Ordinal);
        Assert.Contains("""href="/ops/conveyor/queues""", job, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizationPolicy_IsRequiredOfEveryRequest_AndOpensTheDashboardToRemoteAddresses()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(
            store,
            o => o.AuthorizationPolicy = "ops",
            app =>
            {
                app.Use((http, next) =>
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse("10.20.30.40");
                    return next(http);
                });
                app.UseAuthentication();
                app.UseAuthorization();
            },
            services =>
            {
                services.AddAuthentication("header").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("header", null);
                services.AddAuthorization(a => a.AddPolicy("ops", p => p.RequireClaim("role", "ops")));
            });

        using var anonymous = await SendAsync(server, null);
        using var otherRole = await SendAsync(server, "dev");
        using var ops = await SendAsync(server, "ops");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherRole.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ops.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(DashboardServer server, string? role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "queues");
        if (role is not null)
        {
            request.Headers.Add("X-Test-Role", role);
        }

        return await server.Http.SendAsync(request);
    }

    /// <summary>Signs in whoever sends <c>X-Test-Role</c>, with that role: the app's own authentication, as far as the dashboard knows.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers["X-Test-Role"].FirstOrDefault() is not { } role)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim("role", role)], Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }
    }
}
