using Conveyor.Chaos.Tests.Stores;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// Writes jobs of <see cref="PayloadJob"/>'s kind into a store's namespace around the client and its validation, as
/// a foreign producer, a hand-made fix or a bug would: rows by SQL on SQLite and PostgreSQL, hash fields on Redis.
/// </summary>
public abstract class RowWriter : IAsyncDisposable
{
    /// <summary>The envelope damages this store can hold (the ones its schema refuses are not among them).</summary>
    public abstract IReadOnlyList<EnvelopeDamage> Damages { get; }

    /// <summary>Opens a writer on <paramref name="store"/>'s namespace.</summary>
    public static async Task<RowWriter> OpenAsync(ChaosStore store) => store.Kind switch
    {
        StoreKind.Sqlite => SqliteRowWriter.Open(store),
        StoreKind.Postgres => await PostgresRowWriter.ConnectAsync(store),
        _ => await RedisRowWriter.ConnectAsync(store),
    };

    /// <summary>An available job of <paramref name="kind"/>, due now, with these arguments as they are.</summary>
    public abstract Task<long> WriteAsync(byte[] args, string kind);

    /// <summary>An available job, due now, with valid arguments and <paramref name="damage"/> applied.</summary>
    public abstract Task<long> WriteAsync(EnvelopeDamage damage);

    public abstract ValueTask DisposeAsync();
}
