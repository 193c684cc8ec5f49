namespace Conveyor.Tests.Recurring;

/// <summary>
/// Schedules across daylight-saving changes, on a fake clock stepped a minute at a time. The rule (docs/recurring.md):
/// a local time the spring-forward gap skips runs at the first instant after the gap; a local time the fall-back
/// hour repeats runs once, at its first occurrence; an interval schedule keeps its spacing in real time.
/// </summary>
public sealed class DaylightSavingTests
{
    public static TheoryData<string, string, string, string, string[]> Nights => new()
    {
        // London springs forward at 01:00 UTC on 29 March 2026: 01:30 local does not exist that night.
        { "Europe/London", "30 1 * * *", "2026-03-28T00:00:00Z", "2026-03-30T02:00:00Z", ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"] },

        // London falls back at 01:00 UTC on 25 October 2026: 01:30 local comes twice, 00:30 and 01:30 UTC.
        { "Europe/London", "30 1 * * *", "2026-10-24T00:00:00Z", "2026-10-26T02:00:00Z", ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"] },
        { "Europe/London", "*/30 * * * *", "2026-10-24T23:50:00Z", "2026-10-25T02:10:00Z", ["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"] },

        // Chicago springs forward at 08:00 UTC on 8 March 2026: 02:30 local does not exist that night.
        { "America/Chicago", "30 2 * * *", "2026-03-07T00:00:00Z", "2026-03-09T12:00:00Z", ["2026-03-07T08:30:00Z", "2026-03-08T08:00:00Z", "2026-03-09T07:30:00Z"] },

        // Chicago falls back at 07:00 UTC on 1 November 2026: 01:30 local comes twice, 06:30 and 07:30 UTC.
        { "America/Chicago", "30 1 * * *", "2026-10-31T00:00:00Z", "2026-11-02T12:00:00Z", ["2026-10-31T06:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T07:30:00Z"] },
    };

    [Theory]
    [MemberData(nameof(Nights))]
    public async Task Ticks_FollowTheWrittenRule_AcrossADaylightSavingChange(string zone, string cron, string from, string until, string[] expected)
    {
        var clock = new ScheduleClock(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        await clock.SaveAsync(ScheduleClock.Definition("dst", cron, timeZone: zone));

        await clock.RunUntilAsync(DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(1));

        Assert.Equal(expected.Select(e => DateTimeOffset.Parse(e, System.Globalization.CultureInfo.InvariantCulture)), await clock.TicksAsync("dst"));
    }
}
