using System.Net.Http.Json;

namespace Conveyor.Health;

/// <summary>POSTs the alert as JSON; anything but a 2xx answer fails the attempt, so the job retries with backoff.</summary>
internal sealed class AlertWebhookHandler : IJobHandler<AlertWebhook>
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task HandleAsync(AlertWebhook args, JobContext context, CancellationToken ct)
    {
        using var response = await Http.PostAsJsonAsync(args.Url, args.Alert, ConveyorJson.Options, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
