using System.Text.Json.Serialization;

namespace Conveyor.Bench;

/// <summary>The medians of one benchmark of one store; serialized as the <c>--json</c> output.</summary>
public sealed record BenchResult
{
    /// <summary>The store's name.</summary>
    [JsonPropertyName("store")]
    public required string Store { get; init; }

    /// <summary>W1: drain rate of one worker process, jobs per second.</summary>
    [JsonPropertyName("w1_jobs_per_s")]
    public required double W1JobsPerSecond { get; init; }

    /// <summary>Whether the W1 worker (and so the peak RSS figure) ran in its own process.</summary>
    [JsonPropertyName("w1_worker_in_other_process")]
    public required bool W1WorkerInOtherProcess { get; init; }

    /// <summary>W2: enqueue rate of one producer, one job per call, jobs per second.</summary>
    [JsonPropertyName("w2_jobs_per_s")]
    public required double W2JobsPerSecond { get; init; }

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

    /// <summary>Peak resident memory of the W1 worker process, MB (the highest of the runs).</summary>
    [JsonPropertyName("peak_rss_mb")]
    public required double PeakRssMb { get; init; }

    /// <summary>Runs per workload; every figure is the median over them.</summary>
    [JsonPropertyName("runs")]
    public required int Runs { get; init; }

    /// <summary>Renders the result as a markdown table.</summary>
    public string ToMarkdown() => string.Join('\n',
        "| store | W1 drain (jobs/s) | W2 enqueue (jobs/s) | W3 p50 (ms) | W3 p95 (ms) | W3 p99 (ms) | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        FormattableString.Invariant($"| {Store} | {W1JobsPerSecond:N0} | {W2JobsPerSecond:N0} | {W3P50Ms:F2} | {W3P95Ms:F2} | {W3P99Ms:F2} | {PeakRssMb:F0} |"));
}
