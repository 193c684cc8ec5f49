using System.Net;
using Conveyor.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Cli;

/// <summary>
/// Serves this worker's <c>Conveyor</c> metrics in the Prometheus text format at <c>http://ADDRESS:PORT/metrics</c>,
/// on a loopback address only (it has no authentication; put an authenticating proxy in front to scrape it from
/// elsewhere). Anything but <c>GET /metrics</c> gets 404.
/// </summary>
internal sealed class MetricsEndpoint(IPEndPoint endpoint, ConveyorMetrics metrics) : BackgroundService
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

            Respond(context, prometheus);
        }
    }

    private static void Respond(HttpListenerContext context, PrometheusText prometheus)
    {
        using var response = context.Response;
        if (context.Request.HttpMethod != "GET" || context.Request.Url?.AbsolutePath != "/metrics")
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentType = PrometheusText.ContentType;
        var body = System.Text.Encoding.UTF8.GetBytes(prometheus.ToString());
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
    }
}
