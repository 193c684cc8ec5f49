using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Microsoft.Data.Sqlite;
using Npgsql;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// Who the store records as holding the maintenance leadership (the node that promotes, prunes and enqueues recurring
/// ticks), read straight from its record: SQLite's <c>conveyor_leaders</c> table, PostgreSQL's <c>leaders</c> table or
/// Redis's <c>{prefix}:leaders</c> hash. The record may name a leader that has just died until another takes over.
/// </summary>
internal static class MaintenanceLeader
{
    private const string Leadership = "maintenance";

    /// <summary>The lease owner name of the recorded leader, or null before any node has led.</summary>
    public static async Task<string?> ReadAsync(ChaosStore store, IConnectionMultiplexer? redis = null)
    {
        switch (store.Kind)
        {
            case StoreKind.Redis:
                ArgumentNullException.ThrowIfNull(redis);
                return await redis.GetDatabase().HashGetAsync("{" + store.Namespace + "}:leaders", Leadership);
            case StoreKind.Postgres:
            {
                await using var connection = new NpgsqlConnection(store.Connection);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"SELECT owner FROM \"{store.Namespace}\".leaders WHERE name = @name", connection);
                command.Parameters.AddWithValue("name", Leadership);
                return (string?)await command.ExecuteScalarAsync();
            }

            default:
            {
                await using var connection = new SqliteConnection($"Data Source={store.Connection};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT owner FROM conveyor_leaders WHERE name = @name";
                command.Parameters.AddWithValue("@name", Leadership);
                return (string?)await command.ExecuteScalarAsync();
            }
        }
    }

    /// <summary>The live worker the store names as the leader, waiting for a successor while it names a dead one.</summary>
    public static async Task<WorkerProcess> LiveWorkerAsync(ChaosCluster cluster, IConnectionMultiplexer? redis)
    {
        WorkerProcess? leader = null;
        await cluster.Fleet.WaitUntilAsync("a live worker leads", async () =>
        {
            var owner = await ReadAsync(cluster.Store, redis);
            leader = cluster.LiveWorkers().FirstOrDefault(w => w.Owns(owner));
            return leader is not null;
        });
        return leader!;
    }
}
