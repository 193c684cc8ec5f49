using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>
/// Who holds the maintenance leadership (the node that promotes due jobs and rescues expired leases), read from the
/// store's own record of it every quarter second until stopped: PostgreSQL's <c>leaders</c> table or Redis's
/// <c>{prefix}:leaders</c> hash. A skewed clock on the leader is the one that would
/// matter if a store compared due times or leases on its caller's clock, so the test must know who led.
/// </summary>
internal sealed class LeaderWatch : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private readonly ChaosStore _store;
    private readonly ConnectionMultiplexer? _redis;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _owners = [];
    private readonly Task _loop;

    private LeaderWatch(ChaosStore store, ConnectionMultiplexer? redis)
    {
        _store = store;
        _redis = redis;
        _loop = Task.Run(WatchAsync);
    }

    /// <summary>Every node seen holding the leadership so far.</summary>
    public IReadOnlySet<string> Owners
    {
        get
        {
            lock (_owners)
            {
                return _owners.ToHashSet();
            }
        }
    }

    /// <summary>Starts watching the leadership of <paramref name="store"/>, a PostgreSQL or Redis namespace.</summary>
    public static async Task<LeaderWatch> StartAsync(ChaosStore store) => store.Kind switch
    {
        StoreKind.Postgres => new(store, null),
        StoreKind.Redis => new(store, await ConnectionMultiplexer.ConnectAsync(store.Connection)),
        _ => throw new ArgumentException("SQLite's leadership follows each process's own clock; this watch is for server stores.", nameof(store)),
    };

    /// <summary>
    /// Stops watching (before the workers stop: a leader that stops hands the leadership on) and returns every node
    /// seen holding the leadership.
    /// </summary>
    public async Task<IReadOnlySet<string>> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }

        return _owners;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _stop.Dispose();
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }

    /// <summary>The node holding the leadership now (its lease owner name), or null when none has taken it yet.</summary>
    private Task<string?> ReadAsync() => MaintenanceLeader.ReadAsync(_store, _redis);

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (await ReadAsync() is { } owner)
            {
                lock (_owners)
                {
                    _owners.Add(owner);
                }
            }

            try
            {
                await Task.Delay(Period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
