using System.Text;
using Conveyor.Storage;
using Conveyor.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Tests.Recurring;

/// <summary><c>c.Recurring&lt;TArgs&gt;(…)</c>: checked at registration, saved at start, and run by the host.</summary>
public sealed class RecurringRegistrationTests
{
    [Fact]
    public async Task ARegisteredSchedule_IsSavedAtStart_WithTheJobTypesSettings_AndItsTicksRun()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => o.MaxAttempts(4).Queue = "pings")
            .Queue("pings", 2)
            .Recurring("ping-every-second", "* * * * * *", new Ping(7)));

        var schedules = host.Host.Services.GetRequiredService<IScheduleStore>();
        var saved = Assert.Single((await schedules.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules).Definition;
        Assert.Equal(("ping", "pings", 4, MisfirePolicy.RunOnce, "UTC"), (saved.Kind, saved.Queue, saved.MaxAttempts, saved.Misfire, saved.TimeZone));
        Assert.Equal("{\"n\":7}", Encoding.UTF8.GetString(saved.Args.Span));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (host.Probe.Runs.Count < 2)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    [Fact]
    public async Task RecurringOptions_OverrideTheJobTypesSettings()
    {
        await using var host = await TestHost.StartAsync(
            c => c.AddHandler<PingHandler>(o => o.Queue = "pings").Recurring<Ping>("nightly", "0 2 * * *", timeZone: "Europe/London", configure: o =>
            {
                o.Queue = "reports";
                o.Misfire = MisfirePolicy.Skip;
                o.MaxAttempts = 2;
                o.Priority = 3;
            }));

        var schedules = host.Host.Services.GetRequiredService<IScheduleStore>();
        var saved = Assert.Single((await schedules.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules).Definition;

        Assert.Equal(("reports", MisfirePolicy.Skip, 2, 3, "Europe/London", "{}"), (saved.Queue, saved.Misfire, saved.MaxAttempts, saved.Priority, saved.TimeZone, Encoding.UTF8.GetString(saved.Args.Span)));
    }

    [Theory]
    [InlineData("nightly", "0 25 * * *", "UTC", "Recurring job 'nightly': Invalid cron expression '0 25 * * *'")]
    [InlineData("nightly", "0 2 * * *", "Nowhere/Land", "Recurring job 'nightly': Unknown time zone 'Nowhere/Land'")]
    [InlineData("night ly", "0 2 * * *", "UTC", "Invalid schedule name 'night ly'")]
    public async Task AnInvalidSchedule_IsRefusedAtRegistration(string name, string cron, string zone, string message)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TestHost.StartAsync(c => c.Recurring<Ping>(name, cron, timeZone: zone), start: false));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoSchedulesOfOneName_AreRefusedAtStart()
    {
        await using var host = await TestHost.StartAsync(c => c.Recurring<Ping>("twice", "0 2 * * *").Recurring<Ping>("twice", "0 3 * * *"), start: false);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Host.StartAsync());

        Assert.Contains("Recurring job 'twice' is registered 2 times", ex.Message, StringComparison.Ordinal);
    }
}
