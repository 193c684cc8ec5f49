namespace Conveyor.Testing.Processes;

/// <summary>
/// What every test worker is told (bound by Microsoft.Extensions.Configuration from <c>--Name value</c> arguments), and
/// the host timings they share. Leases are short by default so the tests see a killed worker's jobs come back within
/// seconds; a store's worker adds where its store is.
/// </summary>
public abstract class TestWorkerSettings
{
    /// <summary>This worker's ledger file (required).</summary>
    public string Ledger { get; set; } = "";

    /// <summary>Concurrent jobs on each queue the worker works.</summary>
    public int Workers { get; set; } = 8;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A killed leader's maintenance (the rescuer) moves to a survivor within this.</summary>
    public TimeSpan LeadershipTtl { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The store's required settings, by name, besides <see cref="Ledger"/>.</summary>
    protected abstract IEnumerable<(string Name, string Value)> Required { get; }

    /// <summary>Retries of rescued jobs come back fast, so the tests' waits stay short.</summary>
    public static void RetryFast(JobTypeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry = options.Retry with { BaseDelay = TimeSpan.FromMilliseconds(100) };
    }

    /// <summary>The leases and maintenance timings, with fast polls and promotion and a short shutdown.</summary>
    public void ApplyTo(ConveyorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LeaseDuration = LeaseDuration;
        options.RescueInterval = RescueInterval;
        options.LeadershipTtl = LeadershipTtl;
        options.PromoteInterval = TimeSpan.FromMilliseconds(100);
        options.PollInterval = TimeSpan.FromMilliseconds(100);
        options.ShutdownTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>Throws with the names of the required settings that are missing.</summary>
    public void Validate()
    {
        var missing = Required.Prepend((Name: nameof(Ledger), Value: Ledger)).Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => $"--{s.Name}").ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Missing settings: {string.Join(", ", missing)}.");
        }
    }
}
