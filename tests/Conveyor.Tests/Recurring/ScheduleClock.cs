using System.Globalization;
using System.Text;
using Conveyor.Maintenance;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Recurring;

/// <summary>
/// An in-memory store, a fake clock and a leader's <see cref="RecurringScheduler"/>, stepped by hand: each
/// <see cref="RunUntilAsync"/> moves the clock a step at a time and runs one scheduler round per step, as the
/// maintenance loop would every <see cref="ConveyorOptions.RecurringInterval"/>.
/// </summary>
internal sealed class ScheduleClock
{
    public ScheduleClock(DateTimeOffset start, ConveyorOptions? options = null)
    {
        Time = new FakeTimeProvider(start);
        Store = new InMemoryJobStore(Time);
        Options = options ?? new ConveyorOptions();
        Leader = NewLeader();
    }

    public FakeTimeProvider Time { get; }

    public InMemoryJobStore Store { get; }

    public ConveyorOptions Options { get; }

    public RecurringScheduler Leader { get; set; }

    /// <summary>A scheduler as a newly elected leader starts it: nothing in memory.</summary>
    public RecurringScheduler NewLeader() => new(Store, Time, NullLogger<RecurringScheduler>.Instance, Options);

    public static ScheduleDefinition Definition(string name, string cron, string timeZone = "UTC", MisfirePolicy misfire = MisfirePolicy.RunOnce) => new()
    {
        Name = name,
        Kind = "report",
        Queue = "default",
        Args = Encoding.UTF8.GetBytes("{}"),
        Cron = cron,
        TimeZone = timeZone,
        Misfire = misfire,
        MaxAttempts = 3,
    };

    public async Task SaveAsync(params ScheduleDefinition[] definitions) =>
        await Store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = definitions }, CancellationToken.None);

    /// <summary>Runs a round, then steps the clock by <paramref name="step"/> and runs again until it reaches <paramref name="until"/>.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, TimeSpan step)
    {
        await Leader.RunOnceAsync(CancellationToken.None);
        while (Time.GetUtcNow() < until)
        {
            Time.Advance(step);
            await Leader.RunOnceAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The ticks of the jobs enqueued for <paramref name="schedule"/>, oldest first, as their unique keys name them (a
    /// late tick's job is due at its insert, not at the tick).
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> TicksAsync(string schedule)
    {
        var jobs = await Store.ListJobsAsync(new ListJobsRequest { Limit = 1_000 }, CancellationToken.None);
        var prefix = $"recurring:{schedule}:";
        return [.. jobs.Jobs
            .Where(j => j.UniqueKey?.StartsWith(prefix, StringComparison.Ordinal) == true)
            .Select(j => DateTimeOffset.Parse(j.UniqueKey![prefix.Length..], CultureInfo.InvariantCulture))
            .Order()];
    }
}
