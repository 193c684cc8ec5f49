using System.Globalization;
using System.Text.Json.Serialization;

namespace Conveyor.Bench;

/// <summary>The medians of one benchmark of one system; serialized as the <c>--json</c> output.</summary>
public sealed record BenchResult
{
    /// <summary>The store's (or peer's) name.</summary>
    [JsonPropertyName("store")]
    public required string Store { get; init; }

    /// <summary>What was set for the run, in words (e.g. a peer's poll interval), or null.</summary>
    [JsonPropertyName("configuration")]
    public string? Configuration { get; init; }

    /// <summary>W1: drain rate of one worker process, jobs per second.</summary>
    [JsonPropertyName("w1_jobs_per_s")]
    public required double W1JobsPerSecond { get; init; }

    /// <summary>Whether the W1 worker (and so the peak RSS figure) ran in its own process.</summary>
    [JsonPropertyName("w1_worker_in_other_process")]
    public required bool W1WorkerInOtherProcess { get; init; }

    /// <summary>W2: enqueue rate of one producer, one job per call, jobs per second.</summary>
    [JsonPropertyName("w2_jobs_per_s")]
    public required double W2JobsPerSecond { get; init; }

    /// <summary>W2 bulk: enqueue rate of one producer, a batch per call, jobs per second; null if the system has no bulk enqueue.</summary>
    [JsonPropertyName("w2_bulk_jobs_per_s")]
    public double? W2BulkJobsPerSecond { get; init; }

    /// <summary>W3: pickup latency, median, milliseconds.</summary>
    [JsonPropertyName("w3_p50_ms")]
    public required double W3P50Ms { get; init; }

    /// <summary>W3: pickup latency, 95th percentile, milliseconds.</summary>
    [JsonPropertyName("w3_p95_ms")]
    public required double W3P95Ms { get; init; }

    /// <summary>W3: pickup latency, 99th percentile, milliseconds.</summary>
    [JsonPropertyName("w3_p99_ms")]
    public required double W3P99Ms { get; init; }

    /// <summary>Whether the W3 worker ran in another process.</summary>
    [JsonPropertyName("w3_worker_in_other_process")]
    public required bool W3WorkerInOtherProcess { get; init; }

    /// <summary>W4: drain rate by number of worker processes ("1" is W1), jobs per second; null if not measured.</summary>
    [JsonPropertyName("w4_jobs_per_s")]
    public IReadOnlyDictionary<string, double>? W4JobsPerSecond { get; init; }

    /// <summary>Executions beyond one per job, summed over every drain run (W1 and W4); 0 means no job ran twice.</summary>
    [JsonPropertyName("w4_duplicates")]
    public required long W4Duplicates { get; init; }

    /// <summary>Peak resident memory of the W1 worker process, MB (the highest of the runs).</summary>
    [JsonPropertyName("peak_rss_mb")]
    public required double PeakRssMb { get; init; }

    /// <summary>Runs per workload; every figure is the median over them.</summary>
    [JsonPropertyName("runs")]
    public required int Runs { get; init; }

    /// <summary>Peers measured in the same session, each the same way; left out when none was asked for.</summary>
    [JsonPropertyName("peers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BenchResult>? Peers { get; init; }

    /// <summary>Renders the result and its peers as a markdown table, one row each.</summary>
    public string ToMarkdown() => string.Join('\n', [
        "| system | W1 drain (jobs/s) | W2 enqueue (jobs/s) | W2 bulk (jobs/s) | W3 p50 (ms) | W3 p95 (ms) | W3 p99 (ms) | W4 1 / 2 / 4 processes (jobs/s) | duplicates | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        .. new[] { this }.Concat(Peers ?? []).Select(r => r.Row())]);

    private string Row()
    {
        var name = Configuration is null ? Store : $"{Store} ({Configuration})";
        var bulk = W2BulkJobsPerSecond is { } b ? Invariant($"{b:N0}") : "—";
        var w4 = W4JobsPerSecond is { } w ? string.Join(" / ", w.Values.Select(v => Invariant($"{v:N0}"))) : "—";
        return Invariant($"| {name} | {W1JobsPerSecond:N0} | {W2JobsPerSecond:N0} | {bulk} | {W3P50Ms:F2} | {W3P95Ms:F2} | {W3P99Ms:F2} | {w4} | {W4Duplicates} | {PeakRssMb:F0} |");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
