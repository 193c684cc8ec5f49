using System.Text.Json;
using Conveyor.Storage;

namespace Conveyor.Cli.Tests;

public sealed class RecurringCommandTests
{
    [Theory]
    [EveryStore]
    public async Task Recurring_AddListPauseResumeTriggerRemove_OnTheStoresSchedules(string kind)
    {
        await using var db = TestStores.Create(kind);

        var added = await Cli.RunAsync("--store", db.Store, "recurring", "add", "nightly-report", "--kind", "generate_sales_report", "--cron", "0 2 * * *", "--time-zone", "Europe/London", "--args", """{"period": "day"}""", "--queue", "reports");
        var changed = await Cli.RunAsync("--store", db.Store, "recurring", "add", "nightly-report", "--kind", "generate_sales_report", "--cron", "30 2 * * *", "--time-zone", "Europe/London", "--args", """{"period": "day"}""", "--queue", "reports", "--misfire", "run-all");
        Assert.Equal((0, "added nightly-report"), (added.ExitCode, added.Out.Trim()));
        Assert.Equal((0, "changed nightly-report"), (changed.ExitCode, changed.Out.Trim()));

        using (var listed = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "recurring", "list", "--json")).Out))
        {
            var schedule = Assert.Single(listed.RootElement.GetProperty("schedules").EnumerateArray());
            Assert.Equal("nightly-report", schedule.GetProperty("name").GetString());
            Assert.Equal("30 2 * * *", schedule.GetProperty("cron").GetString());
            Assert.Equal("Europe/London", schedule.GetProperty("timeZone").GetString());
            Assert.Equal("run-all", schedule.GetProperty("misfire").GetString());
            Assert.Equal("day", schedule.GetProperty("args").GetProperty("period").GetString());
            Assert.False(schedule.GetProperty("paused").GetBoolean());
            var next = schedule.GetProperty("nextTick").GetDateTimeOffset();
            Assert.InRange(next - TimeProvider.System.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromHours(25));
            var london = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
            Assert.Equal((2, 30), (london.Hour, london.Minute));
        }

        var paused = await Cli.RunAsync("--store", db.Store, "recurring", "pause", "nightly-report");
        var table = await Cli.RunAsync("--store", db.Store, "recurring", "list");
        Assert.Equal("paused nightly-report", paused.Out.Trim());
        Assert.Contains("paused", table.Out, StringComparison.Ordinal);
        Assert.Contains("30 2 * * *", table.Out, StringComparison.Ordinal);
        Assert.Equal("resumed nightly-report", (await Cli.RunAsync("--store", db.Store, "recurring", "resume", "nightly-report")).Out.Trim());

        var triggered = await Cli.RunAsync("--store", db.Store, "recurring", "trigger", "nightly-report");
        Assert.Equal(0, triggered.ExitCode);
        using (var job = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "jobs", "show", triggered.Out.Trim(), "--json")).Out))
        {
            Assert.Equal("generate_sales_report", job.RootElement.GetProperty("kind").GetString());
            Assert.Equal("reports", job.RootElement.GetProperty("queue").GetString());
            Assert.Equal("available", job.RootElement.GetProperty("state").GetString());
            Assert.Equal("day", job.RootElement.GetProperty("args").GetProperty("period").GetString());
        }

        Assert.Equal("removed nightly-report", (await Cli.RunAsync("--store", db.Store, "recurring", "remove", "nightly-report")).Out.Trim());
        (await Cli.RunAsync("--store", db.Store, "recurring", "remove", "nightly-report")).AssertOneErrorLine("no recurring schedule named 'nightly-report'");
        (await Cli.RunAsync("--store", db.Store, "recurring", "trigger", "nightly-report")).AssertOneErrorLine("no recurring schedule named 'nightly-report'");
        Assert.Contains("No recurring schedules.", (await Cli.RunAsync("--store", db.Store, "recurring", "list")).Out, StringComparison.Ordinal);
    }

    [Theory]
    [EveryStore]
    public async Task RecurringList_ShowsTheLastRunAndLastSuccess_WhenRunsWereRecorded(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "recurring", "add", "nightly", "--kind", "report", "--cron", "0 2 * * *");
        await Cli.RunAsync("--store", db.Store, "recurring", "add", "hourly", "--kind", "report", "--cron", "0 * * * *");
        var tick = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        await Jobs.RecordScheduleRunAsync(db.Store, new RecordScheduleRunRequest { Name = "nightly", Tick = tick, State = JobState.Completed, FinishedAt = tick.AddMinutes(4) });
        await Jobs.RecordScheduleRunAsync(db.Store, new RecordScheduleRunRequest { Name = "nightly", Tick = tick.AddDays(1), State = JobState.Discarded, FinishedAt = tick.AddDays(1).AddMinutes(9) });

        var table = (await Cli.RunAsync("--store", db.Store, "recurring", "list")).Out;
        using var listed = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "recurring", "list", "--json")).Out);

        Assert.Contains("last run (UTC)", table, StringComparison.Ordinal);
        Assert.Contains("2026-11-24 02:00:00 discarded", table, StringComparison.Ordinal);
        Assert.Contains("2026-11-23 02:00:00", table, StringComparison.Ordinal);
        var schedules = listed.RootElement.GetProperty("schedules").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var lastRun = schedules["nightly"].GetProperty("lastRun");
        Assert.Equal(tick.AddDays(1), lastRun.GetProperty("tick").GetDateTimeOffset());
        Assert.Equal("discarded", lastRun.GetProperty("state").GetString());
        Assert.Equal(tick.AddDays(1).AddMinutes(9), lastRun.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(tick, schedules["nightly"].GetProperty("lastSucceededTick").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, schedules["hourly"].GetProperty("lastRun").ValueKind);
        Assert.Equal(JsonValueKind.Null, schedules["hourly"].GetProperty("lastSucceededTick").ValueKind);
    }

    [Theory]
    [InlineData("--cron", "61 * * * *", "Invalid cron expression '61 * * * *'")]
    [InlineData("--time-zone", "Europe/Londn", "Unknown time zone 'Europe/Londn'")]
    [InlineData("--misfire", "sometimes", "Unknown misfire policy 'sometimes': use run-once, run-all or skip.")]
    [InlineData("--args", "{not json", "--args is not valid JSON")]
    public async Task RecurringAdd_RefusesBadInput_WithOneClearLine(string option, string value, string message)
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");
        var options = new Dictionary<string, string> { ["--kind"] = "report", ["--cron"] = "0 2 * * *", [option] = value };
        string[] args = ["--store", db.Store, "recurring", "add", "nightly", .. options.SelectMany(o => new[] { o.Key, o.Value })];

        var run = await Cli.RunAsync(args);

        run.AssertOneErrorLine(message);
        Assert.Contains("No recurring schedules.", (await Cli.RunAsync("--store", db.Store, "recurring", "list")).Out, StringComparison.Ordinal);
    }
}
