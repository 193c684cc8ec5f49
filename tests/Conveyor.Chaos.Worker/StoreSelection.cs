using Conveyor.Postgres;
using Conveyor.Redis;
using Conveyor.Sqlite;

namespace Conveyor.Chaos.Worker;

/// <summary>Puts the worker on the store its settings name.</summary>
public static class StoreSelection
{
    /// <summary>Configures <paramref name="c"/> for <see cref="ChaosWorkerSettings.Store"/>.</summary>
    /// <exception cref="ArgumentException">An unknown store name.</exception>
    public static ConveyorBuilder Apply(ConveyorBuilder c, ChaosWorkerSettings settings) => settings.Store.ToUpperInvariant() switch
    {
        "SQLITE" => c.UseSqlite(settings.Connection),
        "POSTGRES" => c.UsePostgres(settings.Connection, o => o.Schema = settings.Namespace),
        "REDIS" => c.UseRedis(settings.Connection, o => o.Prefix = settings.Namespace),
        _ => throw new ArgumentException($"Unknown store '{settings.Store}': use Sqlite, Postgres or Redis."),
    };
}
