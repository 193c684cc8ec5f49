namespace Conveyor.Health;

/// <summary>
/// Alerts (<c>c.Alerts(a =&gt; …)</c>): the elected leader evaluates <see cref="Rules"/> every <see cref="Interval"/>;
/// a finding fires after <see cref="FireAfter"/> evaluations in a row and resolves after <see cref="ResolveAfter"/>
/// evaluations without it, so a value hovering at a threshold does not flap. Each change goes to the log and to every
/// webhook in <see cref="Webhooks"/>, as a retried Conveyor job.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The rules and their thresholds.</summary>
    public HealthRules Rules { get; } = new();

    /// <summary>How often the leader evaluates. Default 30 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Evaluations in a row a finding must be seen before it fires. Default 2.</summary>
    public int FireAfter { get; set; } = 2;

    /// <summary>Evaluations in a row a firing finding must be gone before it resolves. Default 3.</summary>
    public int ResolveAfter { get; set; } = 3;

    /// <summary>URLs that get a JSON POST for every alert that fires or resolves.</summary>
    public List<Uri> Webhooks { get; } = [];

    /// <summary>The queue the webhook jobs run on (a worker must work it). Default <c>default</c>.</summary>
    public string WebhookQueue { get; set; } = QueueNames.Default;
}
