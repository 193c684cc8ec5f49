using System.Text;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// Jobs inserted through the store (so its ready set, id and counts are right), then fields of their hash
/// (<c>{prefix}:job:&lt;id&gt;</c>, one-letter fields as in <c>Scripts/_common.lua</c>) overwritten with HSET.
/// </summary>
internal sealed class RedisRowWriter(ChaosStore store, ConnectionMultiplexer redis) : RowWriter
{
    public override IReadOnlyList<EnvelopeDamage> Damages { get; } =
    [
        new("e", "{", "e (errors): 1 of 1 lines"),
        new("e", "null", "e (errors): 1 of 1 lines"),
        new("e", "[1]", "e (errors): 1 of 1 lines"),
        new("e", "{\"exceptionType\":\"x\"}", "e (errors): 1 of 1 lines"),
        new("e", "\0", "e (errors): 1 of 1 lines"),
        new("g", "[\"a\",", "g (tags): not JSON"),
        new("g", "{\"t\":1}", "g (tags): a JSON object"),
        new("g", "[null]", "g (tags): 1 of 1 entries"),
        new("m", "three", "m (max attempts): 'three' is not an integer"),
        new("m", "99999999999", "m (max attempts): 99999999999 is not a 32-bit integer"),
        new("p", "high", "p (priority): 'high' is not an integer"),
        new("c", "yesterday", "c (created): 'yesterday' is not a time"),
        new("c", "9223372036854775807", "c (created): '9223372036854775807' is not a time"),
        new("d", "soon", "d (due): 'soon' is not a time"),
        new("x", "whenever", "x (cancel requested): 'whenever' is not a time"),
        // The claim writes state, attempt, attempted, owner and lease, and the id comes from the job's key.
        new("s", "banana", ""),
        new("n", "many", ""),
        new("i", "twelve", ""),
    ];

    public static async Task<RedisRowWriter> ConnectAsync(ChaosStore store) =>
        new(store, await ConnectionMultiplexer.ConnectAsync(store.Connection));

    public override async Task<long> WriteAsync(byte[] args, string kind)
    {
        var id = await InsertValidAsync(kind);
        await redis.GetDatabase().HashSetAsync(Key(id), "a", args);
        return id;
    }

    public override async Task<long> WriteAsync(EnvelopeDamage damage)
    {
        var id = await InsertValidAsync(PayloadJob.Kind);
        await redis.GetDatabase().HashSetAsync(Key(id), damage.Field, Encoding.UTF8.GetBytes(damage.Value));
        return id;
    }

    public override async ValueTask DisposeAsync() => await redis.DisposeAsync();

    private async Task<long> InsertValidAsync(string kind)
    {
        var request = new InsertJobsRequest { Jobs = [new NewJob { Kind = kind, Queue = "default", Args = Payloads.Valid(0), MaxAttempts = 3 }] };
        return (await store.Store.InsertAsync(request, CancellationToken.None)).Jobs[0].Id;
    }

    private string Key(long id) => "{" + store.Namespace + "}:job:" + id;
}
