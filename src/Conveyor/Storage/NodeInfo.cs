namespace Conveyor.Storage;

/// <summary>A worker node as the registry knows it.</summary>
public sealed record NodeInfo
{
    /// <summary>The node's id (also its lease owner name).</summary>
    public required string Id { get; init; }

    /// <summary>The machine name.</summary>
    public required string Host { get; init; }

    /// <summary>The process id.</summary>
    public required int ProcessId { get; init; }

    /// <summary>The queues and worker counts it runs, e.g. <c>high=4,default=2</c>.</summary>
    public required string Queues { get; init; }

    /// <summary>When the node started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How many jobs it was running when it reported.</summary>
    public int Busy { get; init; }

    /// <summary>The Conveyor version it runs, e.g. <c>0.1.0</c>.</summary>
    public string Version { get; init; } = "";

    /// <summary>When it last reported (set by the store on read; ignored on write).</summary>
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>How often a node reports.</summary>
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the node reported within three heartbeats of <paramref name="now"/>; a dead node's jobs come back when their leases expire.</summary>
    public bool IsAlive(DateTimeOffset now) => now - LastSeenAt < HeartbeatInterval * 3;
}
