using Conveyor.Diagnostics;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Cli;

/// <summary>A store opened for one command: the client to enqueue with, the admin side to read and repair, the migrator.</summary>
internal sealed class StoreSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreSession(ServiceProvider services) => _services = services;

    /// <summary>The client, for enqueueing.</summary>
    public IJobClient Client => _services.GetRequiredService<IJobClient>();

    /// <summary>The admin side of the store.</summary>
    public IJobAdminStore Admin => _services.GetService<IJobAdminStore>()
        ?? throw new CliException("This store does not support inspection (it has no admin interface).");

    /// <summary>The store's recurring schedules.</summary>
    public IScheduleStore Schedules => _services.GetService<IScheduleStore>()
        ?? throw new CliException("This store keeps no recurring schedules.");

    /// <summary>The store's batches and continuations.</summary>
    public IBatchStore Batches => _services.GetService<IBatchStore>()
        ?? throw new CliException("This store keeps no batches.");

    /// <summary>The store's per-minute statistics; null on a store that keeps none.</summary>
    public IStatsStore? Stats => _services.GetService<IStatsStore>();

    /// <summary>The alerts the leader raised, kept in the store.</summary>
    public IAlertStore Alerts => _services.GetService<IAlertStore>()
        ?? throw new CliException("This store keeps no alerts.");

    /// <summary>The store's schema migrations.</summary>
    public IStoreMigrator Migrator => _services.GetService<IStoreMigrator>()
        ?? throw new CliException("This store has no schema to migrate (the in-memory store starts empty every time).");

    /// <summary>
    /// Registers this store's admin side, statistics, schedules and alerts (when it has them), client and meter in another
    /// container, for <c>conveyor dashboard</c>: the dashboard reads the store without running a worker.
    /// </summary>
    public void ShareWith(IServiceCollection services)
    {
        services.AddSingleton(Admin);
        services.AddSingleton(Client);
        services.AddSingleton(_services.GetRequiredService<ConveyorMetrics>());
        if (_services.GetService<IStatsStore>() is { } stats)
        {
            services.AddSingleton(stats);
        }

        if (_services.GetService<IScheduleStore>() is { } schedules)
        {
            services.AddSingleton(schedules);
        }

        if (_services.GetService<IAlertStore>() is { } alerts)
        {
            services.AddSingleton(alerts);
        }
    }

    /// <summary>
    /// Opens a store for <paramref name="access"/>. Reading refuses a missing SQLite file and a store that was never
    /// migrated; writing creates and migrates; migrating leaves the versions to the command.
    /// </summary>
    public static async Task<StoreSession> OpenAsync(StoreSpec spec, StoreAccess access, CancellationToken ct)
    {
        if (access == StoreAccess.Read && spec.IsSqlite && !File.Exists(spec.FullPath))
        {
            throw new CliException(
                $"No Conveyor database at {spec.FullPath}. Pass --store sqlite:PATH, or create one with `conveyor demo`, `conveyor enqueue` or `conveyor migrate`.");
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => spec.Apply(c));
        var session = new StoreSession(services.BuildServiceProvider());
        try
        {
            await session.PrepareAsync(spec, access, ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private async Task PrepareAsync(StoreSpec spec, StoreAccess access, CancellationToken ct)
    {
        if (access == StoreAccess.Write && _services.GetService<IStoreMigrator>() is { } migrator)
        {
            await migrator.MigrateAsync(null, ct);
        }
        else if (access == StoreAccess.Read && _services.GetService<IStoreMigrator>() is { } reader && (await reader.GetAppliedVersionsAsync(ct)).Count == 0)
        {
            throw new CliException($"No Conveyor {(spec.Redis is null ? "tables" : "keys")} in {spec.Location}: check --store, or create them with `conveyor migrate`.");
        }
    }
}
