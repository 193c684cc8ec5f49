using Conveyor.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conveyor.HealthChecks;

/// <summary>
/// Conveyor's health rules (<see cref="HealthRules"/>) as a health check: unhealthy when any rule finds something
/// unhealthy, degraded when one finds something degraded, healthy otherwise; every finding is in the result's data,
/// keyed <c>rule:subject</c>.
/// </summary>
public sealed class ConveyorHealthCheck(HealthEvaluator evaluator, HealthRules rules) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<HealthFinding> findings;
        try
        {
            findings = await evaluator.EvaluateAsync(rules, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The job store could not be read: {ex.Message}", ex);
        }

        var data = findings.ToDictionary(f => $"{f.Rule}:{f.Subject}", f => (object)f.Message, StringComparer.Ordinal);
        if (findings.Count == 0)
        {
            return HealthCheckResult.Healthy("Every queue is within its rules.");
        }

        var description = string.Join(" ", findings.Select(f => f.Message));
        return findings.Any(f => f.Unhealthy)
            ? new HealthCheckResult(context.Registration.FailureStatus, description, data: data)
            : HealthCheckResult.Degraded(description, data: data);
    }
}
