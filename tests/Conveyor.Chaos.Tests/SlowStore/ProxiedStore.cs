using System.Net;
using Conveyor.Chaos.Tests.Faults;
using Conveyor.Chaos.Tests.Stores;
using Npgsql;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// A store namespace reached through a <see cref="TcpProxy"/>: the proxy in front of the store's server, and hosts
/// configured to connect through it. The namespace's own <see cref="ChaosStore.Admin"/> stays direct, for reading results.
/// </summary>
public static class ProxiedStore
{
    /// <summary>Starts a proxy to the server behind <paramref name="store"/>.</summary>
    public static TcpProxy StartProxy(ChaosStore store)
    {
        var (host, port) = Server(store);
        return TcpProxy.Start(host, port);
    }

    /// <summary>Configures a host to use <paramref name="store"/>'s namespace, its every connection made through <paramref name="proxy"/>.</summary>
    public static ConveyorBuilder Apply(ChaosStore store, TcpProxy proxy, ConveyorBuilder c)
    {
        switch (store.Kind)
        {
            case StoreKind.Postgres:
                var postgres = new NpgsqlConnectionStringBuilder(store.Connection) { Host = "127.0.0.1", Port = proxy.Port };
                return c.UsePostgres(postgres.ConnectionString, o => o.Schema = store.Namespace);
            case StoreKind.Redis:
                var redis = ConfigurationOptions.Parse(store.Connection);
                redis.EndPoints.Clear();
                redis.EndPoints.Add(IPAddress.Loopback, proxy.Port);
                return c.UseRedis(redis.ToString(), o => o.Prefix = store.Namespace);
            default:
                throw new ArgumentException($"A {store.Kind} store has no network hop to put a proxy in.", nameof(store));
        }
    }

    private static (string Host, int Port) Server(ChaosStore store)
    {
        switch (store.Kind)
        {
            case StoreKind.Postgres:
                var postgres = new NpgsqlConnectionStringBuilder(store.Connection);
                return (postgres.Host ?? "127.0.0.1", postgres.Port);
            case StoreKind.Redis:
                return ConfigurationOptions.Parse(store.Connection).EndPoints.Single() switch
                {
                    DnsEndPoint dns => (dns.Host, dns.Port),
                    IPEndPoint ip => (ip.Address.ToString(), ip.Port),
                    var other => throw new ArgumentException($"Cannot proxy the Redis endpoint {other}.", nameof(store)),
                };
            default:
                throw new ArgumentException($"A {store.Kind} store has no network hop to put a proxy in.", nameof(store));
        }
    }
}
