using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Bench;

/// <summary>One dashboard endpoint's response times over the workload's requests.</summary>
/// <param name="Endpoint">The path asked for, relative to the dashboard's root.</param>
/// <param name="P50Ms">The median, in milliseconds.</param>
/// <param name="P99Ms">The 99th percentile, in milliseconds.</param>
/// <param name="MaxMs">The slowest, in milliseconds.</param>
public sealed record EndpointLatency(string Endpoint, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// Times the dashboard's list and count endpoints over a store: the dashboard runs in this process on a loopback port
/// (Kestrel, as `conveyor dashboard` runs it) and a client asks each endpoint in turn, one request at a time, after
/// warm-up requests that are not counted; each request is timed from send to the last byte of the response.
/// </summary>
public static class DashboardWorkload
{
    private const int WarmUp = 5;

    /// <summary>
    /// The endpoints timed: every page and JSON endpoint that lists or counts jobs, with and without filters, one deep
    /// page, and two text searches: one many jobs match (the discarded jobs' error), one only the oldest job matches
    /// (<c>"orderId":7}</c>), the worst case, which reads every job.
    /// </summary>
    public static IReadOnlyList<string> Endpoints(long maxId) =>
    [
        "",
        "api/overview",
        "queues",
        "api/queues",
        "jobs",
        "jobs?state=discarded",
        "jobs?state=completed&queue=mail&kind=send_email",
        $"jobs?before={maxId / 2}",
        "jobs?text=card%20declined",
        "jobs?text=%22orderId%22%3A7%7D",
        "dead-letters",
        "dead-letters?kind=generate_report",
        $"jobs/{maxId / 2}",
    ];

    /// <summary>Runs <paramref name="requests"/> timed requests per endpoint against a dashboard over the store <paramref name="shareStore"/> registers.</summary>
    public static async Task<IReadOnlyList<EndpointLatency>> RunAsync(Action<IServiceCollection> shareStore, long maxId, int requests, Action<string, double> progress, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        shareStore(builder.Services);
        builder.Services.AddConveyorDashboard();
        await using var app = builder.Build();
        app.MapConveyorDashboard("/");
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };

        var endpoints = Endpoints(maxId);
        var results = new List<EndpointLatency>();
        foreach (var (endpoint, i) in endpoints.Select((e, i) => (e, i)))
        {
            progress($"dashboard: {(endpoint.Length == 0 ? "overview" : endpoint)}", (double)i / endpoints.Count);
            var times = new List<double>(requests);
            for (var n = 0; n < WarmUp + requests; n++)
            {
                var started = TimeProvider.System.GetTimestamp();
                using var response = await http.GetAsync(new Uri(endpoint, UriKind.Relative), ct);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(ct);
                if (n >= WarmUp)
                {
                    times.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            times.Sort();
            results.Add(new EndpointLatency(endpoint, Percentile(times, 0.50), Percentile(times, 0.99), times[^1]));
        }

        await app.StopAsync(ct);
        return results;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
