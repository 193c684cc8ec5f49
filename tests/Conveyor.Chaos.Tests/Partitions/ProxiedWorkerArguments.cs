using System.Net;
using Conveyor.Chaos.Tests.Faults;
using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Npgsql;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// A chaos worker's arguments with its every connection to the store made through a <see cref="TcpProxy"/>: a worker
/// group's own path to the store, which a partition can cut without touching the other workers' direct connections.
/// </summary>
internal sealed record ProxiedWorkerArguments(ChaosWorkerArguments Arguments, string Connection) : IWorkerArguments
{
    /// <summary><paramref name="arguments"/>, connecting through <paramref name="proxy"/> (in front of its store's server).</summary>
    public static ProxiedWorkerArguments Through(ChaosWorkerArguments arguments, TcpProxy proxy)
    {
        var store = arguments.Store;
        switch (store.Kind)
        {
            case StoreKind.Postgres:
                return new(arguments, new NpgsqlConnectionStringBuilder(store.Connection) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString);
            case StoreKind.Redis:
                var redis = ConfigurationOptions.Parse(store.Connection);
                redis.EndPoints.Clear();
                redis.EndPoints.Add(IPAddress.Loopback, proxy.Port);
                return new(arguments, redis.ToString());
            default:
                throw new ArgumentException($"A {store.Kind} store has no network hop to put a proxy in.", nameof(arguments));
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> ToArguments(string ledger)
    {
        var list = Arguments.ToArguments(ledger).ToList();
        list[list.IndexOf("--Connection") + 1] = Connection;
        return list;
    }
}
