using Conveyor.Recurring;

namespace Conveyor.Tests.Recurring;

/// <summary>Parsing cron expressions and time zones, and finding ticks.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("61 * * * *", "UTC", "Invalid cron expression '61 * * * *'")]
    [InlineData("* * *", "UTC", "expected 5 fields (minute hour day month weekday) or 6 with seconds first, found 3")]
    [InlineData("0 2 * * *", "Europe/Londn", "Unknown time zone 'Europe/Londn'")]
    [InlineData("@sometimes", "UTC", "Invalid cron expression '@sometimes'")]
    public void Parse_SaysWhatIsWrong(string cron, string zone, string message)
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse(cron, zone));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SixFields_ReadSecondsFirst_AndMacrosWork()
    {
        var everyTenSeconds = CronSchedule.Parse("*/10 * * * * *", "UTC");
        var daily = CronSchedule.Parse("@daily", "UTC");

        Assert.Equal([Noon.AddSeconds(10), Noon.AddSeconds(20), Noon.AddSeconds(30)], everyTenSeconds.Ticks(Noon, Noon.AddSeconds(30)));
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero), daily.Next(Noon));
    }

    [Fact]
    public void Ticks_ExcludeTheStartAndIncludeTheEnd()
    {
        var hourly = CronSchedule.Parse("0 * * * *", "UTC");

        Assert.Equal([Noon.AddHours(1), Noon.AddHours(2)], hourly.Ticks(Noon, Noon.AddHours(2)));
        Assert.Empty(hourly.Ticks(Noon, Noon));
    }

    [Fact]
    public void Last_FindsTheLatestTick_FarBackOrNear()
    {
        var everySecond = CronSchedule.Parse("* * * * * *", "UTC");
        var yearly = CronSchedule.Parse("0 0 1 1 *", "UTC");

        Assert.Equal(Noon, everySecond.Last(Noon.AddYears(-3), Noon));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), yearly.Last(Noon.AddYears(-3), Noon));
        Assert.Null(yearly.Last(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Noon));
    }
}
