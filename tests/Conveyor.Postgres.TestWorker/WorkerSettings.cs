namespace Conveyor.Postgres.TestWorker;

/// <summary>
/// What the test tells this worker, as <c>--Name=value</c> arguments (bound by Microsoft.Extensions.Configuration).
/// Leases are short by default so the tests see a killed worker's jobs come back within seconds.
/// </summary>
public sealed class WorkerSettings
{
    /// <summary>The database (required).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The store's schema (required); the effect job writes to <c>effects</c> in it.</summary>
    public string Schema { get; set; } = "";

    /// <summary>This worker's ledger file (required).</summary>
    public string Ledger { get; set; } = "";

    /// <summary>Concurrent jobs on the <c>default</c> queue.</summary>
    public int Workers { get; set; } = 8;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A killed leader's maintenance (the rescuer) moves to a survivor within this.</summary>
    public TimeSpan LeadershipTtl { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the effect job holds its transaction open after its write and ledger line, before it returns and the
    /// completion commits: the window a kill lands in. <see cref="Timeout.InfiniteTimeSpan"/> holds until killed.
    /// </summary>
    public TimeSpan HoldAfterWrite { get; set; } = TimeSpan.Zero;

    /// <summary>Throws with the names of the required settings that are missing.</summary>
    public void Validate()
    {
        var required = new[] { (Name: nameof(ConnectionString), Value: ConnectionString), (Name: nameof(Schema), Value: Schema), (Name: nameof(Ledger), Value: Ledger) };
        var missing = required.Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => $"--{s.Name}").ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Missing settings: {string.Join(", ", missing)}.");
        }
    }
}
