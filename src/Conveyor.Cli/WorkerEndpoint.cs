using System.Net;
using Conveyor.Diagnostics;
using Conveyor.Cli.Output;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Cli;

/// <summary>
/// Serves this worker's <c>Conveyor</c> metrics in the Prometheus text format at <c>http://ADDRESS:PORT/metrics</c>
/// and its health checks as JSON at <c>/health</c> (200 when healthy or degraded, 503 when unhealthy), on a loopback
/// address only (it has no authentication; put an authenticating proxy in front to reach it from elsewhere).
/// Anything else gets 404.
/// </summary>
internal sealed class WorkerEndpoint(IPEndPoint endpoint, ConveyorMetrics metrics, HealthCheckService health) : BackgroundService
{
    /// <summary>Parses <c>ADDRESS:PORT</c>, refusing an address that is not loopback.</summary>
    public static IPEndPoint Parse(string text)
    {
        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0)
        {
            throw new CliException($"--metrics '{text}' is not ADDRESS:PORT, e.g. 127.0.0.1:9464.");
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new CliException($"--metrics listens on a loopback address only ({endpoint.Address} is not); put an authenticating proxy in front to scrape it from elsewhere.");
        }

        return endpoint;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var prometheus = new PrometheusText(metrics);
        using var listener = new HttpListener();
        var host = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        listener.Prefixes.Add($"http://{host}:{endpoint.Port}/");
        listener.Start();
        await using var _ = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (HttpListenerException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await RespondAsync(context, prometheus, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RespondAsync(HttpListenerContext context, PrometheusText prometheus, CancellationToken ct)
    {
        using var response = context.Response;
        var path = context.Request.HttpMethod == "GET" ? context.Request.Url?.AbsolutePath : null;
        switch (path)
        {
            case "/metrics":
                Write(response, PrometheusText.ContentType, prometheus.ToString());
                break;
            case "/health":
                var report = await health.CheckHealthAsync(ct).ConfigureAwait(false);
                response.StatusCode = report.Status == HealthStatus.Unhealthy ? 503 : 200;
                Write(response, "application/json; charset=utf-8", HealthJson.Write(report).ToJsonString());
                break;
            default:
                response.StatusCode = 404;
                break;
        }
    }

    private static void Write(HttpListenerResponse response, string contentType, string text)
    {
        response.ContentType = contentType;
        var body = System.Text.Encoding.UTF8.GetBytes(text);
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
    }
}
