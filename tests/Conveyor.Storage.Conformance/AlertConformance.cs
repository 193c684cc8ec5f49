namespace Conveyor.Storage.Conformance;

/// <summary>Alerts: one firing alert per rule and subject, resolving, the firing list, the history's pages, pruning.</summary>
public abstract class AlertConformance : StoreConformanceBase
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task FireAlert_RecordsAFiringAlert_WhenNoneFires()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var result = await FireAsync(store, "depth", "mail", At, "Queue mail has 11 jobs waiting, over 10.");

        Assert.True(result.Fired);
        var firing = Assert.Single(await FiringAsync(store));
        Assert.Equal(result.Alert, firing);
        Assert.Equal(("depth", "mail", "unhealthy", "Queue mail has 11 jobs waiting, over 10."), (firing.Rule, firing.Subject, firing.Severity, firing.Message));
        Assert.Equal((At, (DateTimeOffset?)null, At), (firing.FiredAt, firing.ResolvedAt, firing.LastSeenAt));
    }

    [Fact]
    public async Task FireAlert_KeepsOneAlertAndMovesLastSeenForward_WhenItFiresAlready()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var first = await FireAsync(store, "depth", "mail", At);

        var again = await FireAsync(store, "depth", "mail", At.AddMinutes(2), "Queue mail has 99 jobs waiting, over 10.");
        var earlier = await FireAsync(store, "depth", "mail", At.AddMinutes(1));

        Assert.Equal((false, false), (again.Fired, earlier.Fired));
        Assert.Equal((first.Alert.Id, first.Alert.Id), (again.Alert.Id, earlier.Alert.Id));
        var firing = Assert.Single(await FiringAsync(store));
        Assert.Equal((first.Alert.Id, At, At.AddMinutes(2), first.Alert.Message), (firing.Id, firing.FiredAt, firing.LastSeenAt, firing.Message));
        Assert.Single(await HistoryAsync(store));
    }

    [Fact]
    public async Task FireAlert_RecordsOneFiring_UnderEightConcurrentCallers()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => FireAsync(store, "no_worker", "mail", At.AddSeconds(i)))));

        Assert.Single(results, r => r.Fired);
        Assert.Single(results.Select(r => r.Alert.Id).Distinct());
        Assert.Single(await HistoryAsync(store));
    }

    [Fact]
    public async Task ResolveAlert_EndsTheFiringAlert_AndTheNextFiringIsANewAlert()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var first = await FireAsync(store, "depth", "mail", At);
        var other = await FireAsync(store, "depth", "billing", At);

        var resolved = await ResolveAsync(store, "depth", "mail", At.AddMinutes(5));
        var twice = await ResolveAsync(store, "depth", "mail", At.AddMinutes(6));
        var again = await FireAsync(store, "depth", "mail", At.AddMinutes(10));

        Assert.Equal((true, false, true), (resolved, twice, again.Fired));
        Assert.NotEqual(first.Alert.Id, again.Alert.Id);
        Assert.Equal([again.Alert.Id, other.Alert.Id], (await FiringAsync(store)).Select(a => a.Id));
        var history = await HistoryAsync(store);
        Assert.Equal([again.Alert.Id, other.Alert.Id, first.Alert.Id], history.Select(a => a.Id));
        Assert.Equal((DateTimeOffset?)At.AddMinutes(5), history[2].ResolvedAt);
        Assert.Null(history[0].ResolvedAt);
    }

    [Fact]
    public async Task ResolveAlert_ReturnsFalse_WhenNoneFires()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        Assert.False(await ResolveAsync(store, "depth", "mail", At));
        Assert.Empty(await HistoryAsync(store));
    }

    [Fact]
    public async Task ListAlertHistory_PagesNewestFirst_ByTheLastIdOfThePreviousPage()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await FireAsync(store, "depth", $"q{i}", At.AddMinutes(i))).Alert.Id);
            await ResolveAsync(store, "depth", $"q{i}", At.AddMinutes(i + 1));
        }

        var pages = new List<IReadOnlyList<AlertRecord>>();
        long? before = null;
        do
        {
            pages.Add((await Alerts(store).ListAlertHistoryAsync(new ListAlertHistoryRequest { BeforeId = before, Limit = 2 }, CancellationToken.None)).Alerts);
            before = pages[^1].Count == 2 ? pages[^1][^1].Id : null;
        }
        while (before is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(ids), pages.SelectMany(p => p).Select(a => a.Id));
        Assert.Equal(["q4", "q3", "q2", "q1", "q0"], pages.SelectMany(p => p).Select(a => a.Subject));
    }

    [Fact]
    public async Task DeleteResolvedAlerts_DeletesOnlyAlertsResolvedBeforeTheCutoff_UpToTheLimit()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        for (var i = 0; i < 5; i++)
        {
            await FireAsync(store, "depth", $"q{i}", At);
            await ResolveAsync(store, "depth", $"q{i}", At.AddMinutes(i));
        }

        var firing = await FireAsync(store, "no_worker", "mail", At.AddDays(-10));

        var first = await Alerts(store).DeleteResolvedAlertsAsync(new DeleteResolvedAlertsRequest { ResolvedBefore = At.AddMinutes(3), Limit = 2 }, CancellationToken.None);
        var second = await Alerts(store).DeleteResolvedAlertsAsync(new DeleteResolvedAlertsRequest { ResolvedBefore = At.AddMinutes(3), Limit = 2 }, CancellationToken.None);

        Assert.Equal((2, 1), (first.Deleted, second.Deleted));
        Assert.Equal(["mail", "q4", "q3"], (await HistoryAsync(store)).Select(a => a.Subject));
        Assert.Equal(firing.Alert.Id, Assert.Single(await FiringAsync(store)).Id);
    }

    private static IAlertStore Alerts(StoreUnderTest store) =>
        store.Store as IAlertStore ?? throw new InvalidOperationException($"{store.Store.GetType().Name} does not implement {nameof(IAlertStore)}.");

    private static async Task<FireAlertResult> FireAsync(StoreUnderTest store, string rule, string subject, DateTimeOffset at, string message = "Something is wrong.") =>
        await Alerts(store).FireAlertAsync(new FireAlertRequest { Rule = rule, Subject = subject, Severity = "unhealthy", Message = message, At = at }, CancellationToken.None);

    private static async Task<bool> ResolveAsync(StoreUnderTest store, string rule, string subject, DateTimeOffset at) =>
        await Alerts(store).ResolveAlertAsync(new ResolveAlertRequest { Rule = rule, Subject = subject, At = at }, CancellationToken.None);

    private static async Task<IReadOnlyList<AlertRecord>> FiringAsync(StoreUnderTest store) =>
        (await Alerts(store).ListFiringAlertsAsync(new ListFiringAlertsRequest(), CancellationToken.None)).Alerts;

    private static async Task<IReadOnlyList<AlertRecord>> HistoryAsync(StoreUnderTest store) =>
        (await Alerts(store).ListAlertHistoryAsync(new ListAlertHistoryRequest { Limit = 100 }, CancellationToken.None)).Alerts;
}
