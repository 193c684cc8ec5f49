namespace Conveyor.Redis.Tests;

/// <summary>The store's clock is the server's <c>TIME</c>, in microseconds since the Unix epoch.</summary>
public sealed class RedisClockTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ServerTimeMicrosAsync_IsTheServersTimeInMicroseconds()
    {
        var micros = await ServerTimeMicrosAsync();

        // The server runs on this machine, so its clock is this machine's.
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond), now - Tolerance, now + Tolerance);
    }

    [Fact]
    public async Task ServerTimeMicrosAsync_AdvancesByTheMicrosecondsElapsed()
    {
        var first = await ServerTimeMicrosAsync();
        var started = TimeProvider.System.GetTimestamp();

        await Task.Delay(TimeSpan.FromMilliseconds(50));
        var second = await ServerTimeMicrosAsync();

        var waited = TimeProvider.System.GetElapsedTime(started);
        Assert.InRange(second - first, (long)(waited.TotalMicroseconds * 0.5), (long)(waited + Tolerance).TotalMicroseconds);
    }

    private static async Task<long> ServerTimeMicrosAsync()
    {
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration);
        return await new RedisClock(new RedisScripts(connection.GetDatabase())).ServerTimeMicrosAsync();
    }
}
