using System.Net;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Tests;

public sealed class PageTests
{
    [Fact]
    public async Task EveryPage_Renders200WithTheSeededData_WhenTheStoreHasJobsInEveryState()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        var overview = await server.GetStringAsync("");
        var queues = await server.GetStringAsync("queues");
        var jobs = await server.GetStringAsync("jobs");
        var discarded = await server.GetStringAsync("jobs?state=discarded");
        var deadLetters = await server.GetStringAsync("dead-letters");
        var recurring = await server.GetStringAsync("recurring");
        var workers = await server.GetStringAsync("workers");
        var health = await server.GetStringAsync("health");
        var confirm = await server.GetStringAsync($"confirm?action=delete&id={seeded.Discarded}");

        Assert.Contains("""<span class="stat-value" id="count-discarded">1</span>""", overview, StringComparison.Ordinal);
        Assert.Contains("""<span class="stat-value" id="count-available">1</span>""", overview, StringComparison.Ordinal);
        foreach (var queue in new[] { "default", "busy", "flaky", "done", "dead" })
        {
            Assert.Contains($"""<tr data-queue="{queue}">""", queues, StringComparison.Ordinal);
        }

        foreach (var id in new[] { seeded.Available, seeded.Scheduled, seeded.Running, seeded.Retryable, seeded.Completed, seeded.Discarded, seeded.Cancelled })
        {
            Assert.Contains($"""<tr id="job-{id}">""", jobs, StringComparison.Ordinal);
            await server.GetStringAsync($"jobs/{id}");
        }

        Assert.Contains($"""<tr id="job-{seeded.Discarded}">""", discarded, StringComparison.Ordinal);
        Assert.DoesNotContain($"""<tr id="job-{seeded.Completed}">""", discarded, StringComparison.Ordinal);
        Assert.Contains($"""<tr id="job-{seeded.Discarded}">""", deadLetters, StringComparison.Ordinal);
        Assert.DoesNotContain($"""<tr id="job-{seeded.Retryable}">""", deadLetters, StringComparison.Ordinal);
        Assert.Contains("""<tr data-schedule="nightly">""", recurring, StringComparison.Ordinal);
        Assert.Contains("""<tr data-node="test-node">""", workers, StringComparison.Ordinal);
        Assert.Contains("""<span class="badge busy">busy</span>""", workers, StringComparison.Ordinal);
        Assert.Contains("""<td class="num">1 / 4</td>""", workers, StringComparison.Ordinal);
        Assert.Contains("id=\"health-status\"", health, StringComparison.Ordinal);
        Assert.Contains("href=\"/conveyor/alerts\">the alerts page</a>", health, StringComparison.Ordinal);
        Assert.Contains($"Delete job <a href=\"/conveyor/jobs/{seeded.Discarded}\">", confirm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecurringPage_ShowsTheLastRunWithItsStateAndTheLastSuccess_WhenRunsWereRecorded()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        var tick = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        await store.Schedules.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = "nightly", Tick = tick, State = JobState.Completed, FinishedAt = tick.AddMinutes(3) }, CancellationToken.None);
        await store.Schedules.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = "nightly", Tick = tick.AddDays(1), State = JobState.Discarded, FinishedAt = tick.AddDays(1).AddMinutes(7) }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        var page = await server.GetStringAsync("recurring");

        Assert.Contains("""<th scope="col">Last enqueued</th><th scope="col">Last run</th><th scope="col">Last success</th>""", page, StringComparison.Ordinal);
        Assert.Contains("""<td>2026-11-24 02:00:00Z <span class="badge state-discarded">discarded</span> <span class="muted">finished <time datetime="2026-11-24T02:07:00Z" """, page, StringComparison.Ordinal);
        Assert.Contains("<td>2026-11-23 02:00:00Z</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobPage_ShowsEveryPartOfTheJob_WhenItFailedAndWasDiscarded()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        var page = await server.GetStringAsync($"jobs/{seeded.Discarded}");
        var completed = await server.GetStringAsync($"jobs/{seeded.Completed}");

        Assert.Contains("""<span class="badge state-discarded">discarded</span>""", page, StringComparison.Ordinal);
        Assert.Contains("<code>System.InvalidOperationException</code>", page, StringComparison.Ordinal);
        Assert.Contains("at Worker.Run()", page, StringComparison.Ordinal);
        Assert.Contains("Attempt 1 failed", page, StringComparison.Ordinal);
        Assert.Contains("Finalized (discarded)", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"/conveyor/jobs/{seeded.Discarded}/retry\"", page, StringComparison.Ordinal);
        Assert.Contains("""<pre class="code" id="job-result">{""", completed, StringComparison.Ordinal);
        Assert.Contains("&quot;sent&quot;: true", completed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_RenderMarkupFromTheStoreInert_WhenArgumentsAndErrorsHoldAScript()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        var job = await server.GetStringAsync($"jobs/{seeded.Discarded}");
        var deadLetters = await server.GetStringAsync("dead-letters");

        Assert.DoesNotContain(Seeded.Script, job, StringComparison.Ordinal);
        Assert.DoesNotContain(Seeded.Script, deadLetters, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", job, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", job, StringComparison.Ordinal);
        Assert.Contains("boom &lt;script&gt;alert(1)&lt;/script&gt;", deadLetters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobPage_ShowsArgumentsAsEncrypted_WhenTheyAreAnEnvelope()
    {
        await using var store = await TestStore.CreateAsync();
        var id = await store.Client.EnqueueRawAsync("echo", Seeded.Args("""{"conveyor_encrypted":{"v":1,"kid":"2026-11","epk":"AA==","nonce":"AA==","ct":"c2VjcmV0","tag":"AA=="}}"""), null, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        var page = await server.GetStringAsync($"jobs/{id}");

        Assert.Contains("""<span class="badge encrypted">encrypted</span>""", page, StringComparison.Ordinal);
        Assert.Contains("<code>2026-11</code>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsPage_PagesByKeyset_WhenThereAreMoreJobsThanAPage()
    {
        await using var store = await TestStore.CreateAsync();
        var ids = new List<long>();
        for (var i = 0; i < 55; i++)
        {
            ids.Add(await store.Client.EnqueueRawAsync("echo", Seeded.Args("{}"), new EnqueueOptions { Queue = "bulk" }, CancellationToken.None));
        }

        await using var server = await DashboardServer.StartAsync(store);

        var first = await server.GetStringAsync("jobs?queue=bulk");
        var second = await server.GetStringAsync($"jobs?queue=bulk&before={ids[5]}");
        var filtered = await server.GetStringAsync($"jobs?id={ids[0]}");
        var wrongState = await server.GetStringAsync("jobs?state=nonsense");

        Assert.Contains($"""<tr id="job-{ids[^1]}">""", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"""<tr id="job-{ids[4]}">""", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"/conveyor/jobs?queue=bulk&amp;before={ids[5]}\"", first, StringComparison.Ordinal);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(second, "<tr id=\"job-"));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(filtered, "<tr id=\"job-"));
        Assert.Contains("is not a job state", wrongState, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextSearch_ReadsOneWindowOfIdsAPage_AndLinksToTheOlderWindow_WhenFewJobsMatch()
    {
        await using var store = await TestStore.CreateAsync();
        var ids = new List<long>();
        foreach (var order in new[] { 4711, 1, 2, 3, 4, 5, 4711 })
        {
            ids.Add(await store.Client.EnqueueRawAsync("echo", Seeded.Args($$"""{"orderId":{{order}}}"""), null, CancellationToken.None));
        }

        await using var server = await DashboardServer.StartAsync(store, o => o.TextSearchWindow = 3);

        var newest = await server.GetStringAsync("jobs?text=4711");
        var middle = await server.GetStringAsync($"jobs?text=4711&before={ids[4]}");
        var oldest = await server.GetStringAsync($"jobs?text=4711&before={ids[1]}");

        // The newest window (the three newest ids) holds one match, then says where it stopped and links below it.
        Assert.Contains($"""<tr id="job-{ids[6]}">""", newest, StringComparison.Ordinal);
        Assert.DoesNotContain($"""<tr id="job-{ids[0]}">""", newest, StringComparison.Ordinal);
        Assert.Contains($"Searched back to job #{ids[4]}.", newest, StringComparison.Ordinal);
        Assert.Contains($"href=\"/conveyor/jobs?text=4711&amp;before={ids[4]}\"", newest, StringComparison.Ordinal);
        // A window with no match says so and links on; the last window reaches the oldest job and has no link.
        Assert.Contains("No jobs match.", middle, StringComparison.Ordinal);
        Assert.Contains($"Searched back to job #{ids[1]}.", middle, StringComparison.Ordinal);
        Assert.Contains($"""<tr id="job-{ids[0]}">""", oldest, StringComparison.Ordinal);
        Assert.DoesNotContain("search-older", oldest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsPage_FiltersByTagAndText_AndKeepsThemInTheFormAndThePagingLinks()
    {
        await using var store = await TestStore.CreateAsync();
        var vip = await store.Client.EnqueueRawAsync("echo", Seeded.Args("""{"orderId":4711}"""), new EnqueueOptions { Tags = ["vip"] }, CancellationToken.None);
        var other = await store.Client.EnqueueRawAsync("echo", Seeded.Args("""{"orderId":815}"""), new EnqueueOptions { Tags = ["eu"] }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        var byTag = await server.GetStringAsync("jobs?tag=vip");
        var byText = await server.GetStringAsync("jobs?text=815");

        Assert.Contains($"""<tr id="job-{vip}">""", byTag, StringComparison.Ordinal);
        Assert.DoesNotContain($"""<tr id="job-{other}">""", byTag, StringComparison.Ordinal);
        Assert.Contains("id=\"filter-tag\" value=\"vip\"", byTag, StringComparison.Ordinal);
        Assert.Contains($"""<tr id="job-{other}">""", byText, StringComparison.Ordinal);
        Assert.DoesNotContain($"""<tr id="job-{vip}">""", byText, StringComparison.Ordinal);
        Assert.Contains("id=\"filter-text\" value=\"815\"", byText, StringComparison.Ordinal);
        // Retry all matching… carries the tag and the text to the confirmation, and from there to the bulk action.
        Assert.Equal("?action=retry-all&tag=vip&text=4711", Pages.DeadLettersPage.BulkQuery("retry-all", Data.JobFilter.Parse(k => k switch { "tag" => "vip", "text" => "4711", _ => null }, JobState.Discarded)));
    }

    [Fact]
    public async Task UnknownPath_Returns404_WithTheSecurityHeaders()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store);

        using var response = await server.Http.GetAsync(new Uri("nothing/here", UriKind.Relative));
        using var missingJob = await server.Http.GetAsync(new Uri("jobs/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingJob.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }
}
