namespace Conveyor.Health;

/// <summary>The job that POSTs one alert to one webhook, retried like any job until the receiver answers 2xx.</summary>
/// <param name="Url">The webhook.</param>
/// <param name="Alert">What fired or resolved.</param>
public sealed record AlertWebhook(Uri Url, AlertEvent Alert) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "conveyor_alert_webhook";
}
