using Conveyor.Postgres;
using Conveyor.Redis;
using Conveyor.Sqlite;

namespace Conveyor.Chaos.Worker;

/// <summary>Puts the worker on the store its settings name.</summary>
public static class StoreSelection
{
    /// <summary>Configures <paramref name="c"/> for <see cref="ChaosWorkerSettings.Store"/>.</summary>
    /// <exception cref="ArgumentException">An unknown store name.</exception>
    public static ConveyorBuilder Apply(ConveyorBuilder c, ChaosWorkerSettings settings) => Apply(c, settings.Store, settings.Connection, settings.Namespace);

    /// <summary>Configures <paramref name="c"/> for <paramref name="store"/> on <paramref name="connection"/> and namespace <paramref name="ns"/>.</summary>
    /// <exception cref="ArgumentException">An unknown store name.</exception>
    public static ConveyorBuilder Apply(ConveyorBuilder c, string store, string connection, string ns) => store.ToUpperInvariant() switch
    {
        "SQLITE" => c.UseSqlite(connection),
        "POSTGRES" => c.UsePostgres(connection, o => o.Schema = ns),
        "REDIS" => c.UseRedis(connection, o => o.Prefix = ns),
        _ => throw new ArgumentException($"Unknown store '{store}': use Sqlite, Postgres or Redis."),
    };
}
