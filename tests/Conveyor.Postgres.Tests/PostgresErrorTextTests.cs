using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Error texts PostgreSQL cannot store as they are.</summary>
public sealed class PostgresErrorTextTests
{
    [Fact]
    public async Task CompleteAsync_StoresTheError_WhenItsMessageHoldsANulCharacter()
    {
        await using var db = new TestDatabase();
        var time = TestDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await store.InsertAsync(TestDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());
        var error = new AttemptError(time.GetUtcNow(), job.Attempt, "System.IO.IOException", "bad\0byte", null, job.LeaseOwner, 1);

        var result = await store.CompleteAsync(StoreCalls.Completion(job, CompletionKind.Discard, time.GetUtcNow()) with { Error = error });

        Assert.Equal(1, result.Applied);
        Assert.Equal("bad\uFFFDbyte", Assert.Single((await store.GetAsync(job.Id))!.Errors).Message);
    }
}
