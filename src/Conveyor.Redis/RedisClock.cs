namespace Conveyor.Redis;

/// <summary>
/// The one clock of the Redis store: the server's <c>TIME</c>. Due times and leases are compared on it, never on a
/// worker's clock, so workers whose clocks drift apart still agree on when a job is due and a lease has run out.
/// </summary>
internal sealed class RedisClock(RedisScripts scripts)
{
    /// <summary>The server's time in microseconds since the Unix epoch.</summary>
    public async Task<long> ServerTimeMicrosAsync() => (long)await scripts.RunAsync("server_time", [], []);
}
