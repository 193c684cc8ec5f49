using Conveyor.Storage;

namespace Conveyor.Recurring;

/// <summary>A schedule registered in code with <c>c.Recurring&lt;TArgs&gt;(…)</c>; saved to the store when the host starts.</summary>
/// <param name="Name">The schedule's stable name.</param>
/// <param name="Kind">The job kind each tick enqueues.</param>
/// <param name="Args">The arguments as UTF-8 JSON.</param>
/// <param name="Cron">The cron expression (already checked).</param>
/// <param name="TimeZone">The time zone (already checked).</param>
/// <param name="Options">Queue, misfire policy, attempts and priority.</param>
public sealed record RecurringRegistration(string Name, string Kind, ReadOnlyMemory<byte> Args, string Cron, string TimeZone, RecurringOptions Options)
{
    /// <summary>The stored definition, with unset settings taken from the job type's registration when this process has one.</summary>
    public ScheduleDefinition ToDefinition(JobRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var type = registry.Find(Kind)?.Options;
        return new ScheduleDefinition
        {
            Name = Name,
            Kind = Kind,
            Queue = Options.Queue ?? type?.Queue ?? QueueNames.Default,
            Args = Args,
            Cron = Cron,
            TimeZone = TimeZone,
            Misfire = Options.Misfire,
            MaxAttempts = Options.MaxAttempts ?? type?.Retry.MaxAttempts ?? RetryPolicy.Default.MaxAttempts,
            Priority = Options.Priority ?? type?.Priority ?? 0,
        };
    }
}
