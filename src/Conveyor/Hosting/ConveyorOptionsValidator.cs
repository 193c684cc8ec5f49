using Microsoft.Extensions.Options;

namespace Conveyor.Hosting;

/// <summary>Refuses nonsensical settings at start with a message naming the setting.</summary>
internal sealed class ConveyorOptionsValidator : IValidateOptions<ConveyorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConveyorOptions options)
    {
        var failures = new List<string>();
        foreach (var (queue, workers) in options.Queues)
        {
            if (!QueueNames.IsValid(queue))
            {
                failures.Add($"Queue name '{queue}' is invalid: use 1 to 64 of letters, digits, '_', '-' and '.'.");
            }

            if (workers < 1)
            {
                failures.Add($"Queue '{queue}' has {workers} workers; it needs at least 1.");
            }
        }

        Positive(failures, nameof(options.LeaseDuration), options.LeaseDuration);
        Positive(failures, nameof(options.PollInterval), options.PollInterval);
        Positive(failures, nameof(options.PromoteInterval), options.PromoteInterval);
        Positive(failures, nameof(options.RescueInterval), options.RescueInterval);
        Positive(failures, nameof(options.PruneInterval), options.PruneInterval);
        Positive(failures, nameof(options.RecurringInterval), options.RecurringInterval);
        Positive(failures, nameof(options.BatchInterval), options.BatchInterval);
        Positive(failures, nameof(options.MetricsInterval), options.MetricsInterval);
        Positive(failures, nameof(options.StatsInterval), options.StatsInterval);
        Positive(failures, nameof(options.StatsRetention), options.StatsRetention);
        Positive(failures, nameof(options.AlertRetention), options.AlertRetention);
        Positive(failures, nameof(options.MisfireThreshold), options.MisfireThreshold);
        foreach (var (queue, retention) in options.QueueRetention)
        {
            foreach (var state in JobStates.Final)
            {
                if (retention.For(state) is { } kept)
                {
                    Positive(failures, $"QueueRetention[{queue}].{state}", kept);
                }
            }
        }
        Positive(failures, nameof(options.LeadershipTtl), options.LeadershipTtl);
        Positive(failures, nameof(options.UnknownKindGrace), options.UnknownKindGrace);
        Positive(failures, nameof(options.UnknownKindRecheck), options.UnknownKindRecheck);
        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add("ShutdownTimeout must not be negative.");
        }

        if (options.MaxArgsBytes < 16)
        {
            failures.Add($"MaxArgsBytes is {options.MaxArgsBytes}; it must be at least 16.");
        }

        if (options.CompletionBatchSize < 1)
        {
            failures.Add("CompletionBatchSize must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive (was {value}).");
        }
    }
}
