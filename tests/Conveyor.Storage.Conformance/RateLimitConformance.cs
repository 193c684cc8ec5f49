namespace Conveyor.Storage.Conformance;

/// <summary>
/// Rate limits (a sliding window on the store's clock): bursts, refusals with their wait, independent keys, racing
/// takers, and takes handed back (exactly the one named, at once, once).
/// </summary>
public abstract class RateLimitConformance : StoreConformanceBase
{
    [Fact]
    public async Task TryTake_AllowsABurstOfTheLimit_ThenRefusesWithTheWaitForTheNext()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;

        var burst = new List<RateLimitResult>();
        for (var i = 0; i < 5; i++)
        {
            burst.Add(await TakeAsync(store, "partner:a", 5, TimeSpan.FromSeconds(10)));
        }

        var refused = await TakeAsync(store, "partner:a", 5, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9.5));
        var stillRefused = await TakeAsync(store, "partner:a", 5, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(0.5));
        var again = await TakeAsync(store, "partner:a", 5, TimeSpan.FromSeconds(10));

        Assert.All(burst, r => Assert.True(r.Allowed));
        Assert.Equal((false, TimeSpan.FromSeconds(10)), (refused.Allowed, refused.RetryAfter));
        Assert.Equal((false, TimeSpan.FromSeconds(0.5)), (stillRefused.Allowed, stillRefused.RetryAfter));
        Assert.True(again.Allowed);
    }

    [Fact]
    public async Task TryTake_KeepsEachKeysLimitApart()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var a = await TakeAsync(store, "partner:a", 1, TimeSpan.FromMinutes(1));
        var a2 = await TakeAsync(store, "partner:a", 1, TimeSpan.FromMinutes(1));
        var b = await TakeAsync(store, "partner:b", 1, TimeSpan.FromMinutes(1));

        Assert.Equal((true, false, true), (a.Allowed, a2.Allowed, b.Allowed));
    }

    [Fact]
    public async Task TryTake_NeverAllowsMoreThanTheLimitInAnyWindow_AsTimeMovesInUnevenSteps()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var period = TimeSpan.FromSeconds(1);
        var allowed = new List<DateTimeOffset>();
        var random = new Random(6);

        for (var i = 0; i < 300; i++)
        {
            if ((await TakeAsync(store, "steady", 10, period)).Allowed)
            {
                allowed.Add(time.GetUtcNow());
            }

            time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 40)));
        }

        var largest = allowed.Max(start => allowed.Count(t => t >= start && t < start + period));
        Assert.Equal(10, largest);
        Assert.True(allowed.Count >= 10 * Math.Floor((time.GetUtcNow() - allowed[0]).TotalSeconds), $"Only {allowed.Count} takes allowed: the window lost capacity.");
    }

    [Fact]
    public async Task TryTake_LetsExactlyTheLimitThrough_WhenManyWorkersRace()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<RateLimitResult>();
            for (var i = 0; i < 10; i++)
            {
                mine.Add(await TakeAsync(store, "contended", 20, TimeSpan.FromHours(1)));
            }

            return mine;
        })));

        Assert.Equal(20, results.SelectMany(r => r).Count(r => r.Allowed));
        // A take's wait for its turn is a duration the store measured, never negative, and no longer than the race.
        Assert.All(results.SelectMany(r => r), r => Assert.InRange(r.Queued, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Release_FreesTheTakesSlotAtOnce_WhenTheLimitIsFull()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var first = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var second = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var full = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        await ReleaseAsync(store, "partner:a", first);
        var freed = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var fullAgain = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));

        Assert.Equal((true, true, false), (first.Allowed, second.Allowed, full.Allowed));
        Assert.Equal((true, false), (freed.Allowed, fullAgain.Allowed));
    }

    [Fact]
    public async Task Release_FreesOnlyOneSlot_WhenTheSameTakeIsReleasedTwice()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var second = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        await ReleaseAsync(store, "partner:a", second);
        // Taken in the same instant as the released one, in its place: the second release must not remove it.
        var replacement = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        await ReleaseAsync(store, "partner:a", second);
        var over = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));

        Assert.Equal((true, false), (replacement.Allowed, over.Allowed));
        Assert.NotEqual(second.Token, replacement.Token);
    }

    [Fact]
    public async Task Release_DoesNotFreeALaterTakesSlot_WhenItsTakeAgedOut()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;

        var aged = await TakeAsync(store, "partner:a", 1, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10));
        var later = await TakeAsync(store, "partner:a", 1, TimeSpan.FromSeconds(10));
        await ReleaseAsync(store, "partner:a", aged);
        var over = await TakeAsync(store, "partner:a", 1, TimeSpan.FromSeconds(10));

        Assert.Equal((true, true, false), (aged.Allowed, later.Allowed, over.Allowed));
    }

    [Fact]
    public async Task Release_FreesExactlyTheOneNamed_WhenTwoTakesShareTheirInstant()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        // The store's clock stands still: both takes are counted at the same instant.
        var first = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var second = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        await ReleaseAsync(store, "partner:a", first);
        var afterFirst = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var overAfterFirst = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        await ReleaseAsync(store, "partner:a", second);
        var afterSecond = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));
        var overAfterSecond = await TakeAsync(store, "partner:a", 2, TimeSpan.FromMinutes(1));

        Assert.Equal(first.Token.At, second.Token.At);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal((true, false), (afterFirst.Allowed, overAfterFirst.Allowed));
        Assert.Equal((true, false), (afterSecond.Allowed, overAfterSecond.Allowed));
    }

    [Fact]
    public async Task Release_LeavesOtherKeysAlone_WhenTheTokenIsReleasedUnderAnotherKey()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var a = await TakeAsync(store, "partner:a", 1, TimeSpan.FromMinutes(1));
        await ReleaseAsync(store, "partner:b", a);
        var a2 = await TakeAsync(store, "partner:a", 1, TimeSpan.FromMinutes(1));

        Assert.Equal((true, false), (a.Allowed, a2.Allowed));
    }

    private static async Task ReleaseAsync(StoreUnderTest store, string key, RateLimitResult take) =>
        await ((IRateLimitStore)store.Store).ReleaseAsync(new RateLimitRelease { Key = key, Token = take.Token }, CancellationToken.None);

    private static async Task<RateLimitResult> TakeAsync(StoreUnderTest store, string key, int limit, TimeSpan period) =>
        await ((IRateLimitStore)store.Store).TryTakeAsync(new RateLimitRequest { Key = key, Limit = limit, Period = period }, CancellationToken.None);
}
