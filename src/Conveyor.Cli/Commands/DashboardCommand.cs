using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor dashboard</c>: serves the web dashboard over a store until Ctrl-C, without running a worker. Listens on
/// 127.0.0.1:5000 by default and refuses an address beyond this machine unless a token is required.
/// </summary>
internal static class DashboardCommand
{
    /// <summary>The environment variable that holds the token when <c>--token</c> is not given (it keeps the token out of the process list).</summary>
    public const string TokenVariable = "CONVEYOR_DASHBOARD_TOKEN";

    public static Command Create(CliContext cli, Option<string> store)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated. Not loopback only with --token.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var readOnly = new Option<bool>("--read-only") { Description = "Show no action and refuse every POST." };
        var token = new Option<string?>("--token") { Description = $"Require this token (Authorization: Bearer, or as the basic-auth password in a browser). Without it, ${TokenVariable} if set." };
        var command = new Command("dashboard", "Serve the web dashboard over the store until Ctrl-C (no worker runs).") { urls, readOnly, token };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            var secret = result.GetValue(token) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } env ? env : null;
            var listen = DashboardUrls.Parse(result.GetRequiredValue(urls), authenticated: secret is not null);
            await using var session = await StoreSession.OpenAsync(spec, StoreAccess.Read, ct);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls(listen);
            session.ShareWith(builder.Services);
            builder.Services.AddConveyorDashboard(o =>
            {
                o.ReadOnly = result.GetValue(readOnly);
                if (secret is not null)
                {
                    o.Token(secret);
                }
            });
            await using var app = builder.Build();
            app.MapConveyorDashboard("/");
            await app.StartAsync(ct);
            cli.Out.MarkupLine($"dashboard at [bold]{Markup.Escape(string.Join(", ", app.Urls))}[/] on {Markup.Escape(spec.ToString())}{(result.GetValue(readOnly) ? " (read-only)" : "")}{(secret is null ? "" : ", token required")}; Ctrl-C to stop");
            await HostRun.UntilStoppedAsync(app, ct);
            cli.Out.MarkupLine("dashboard stopped");
            return 0;
        });
        return command;
    }
}
