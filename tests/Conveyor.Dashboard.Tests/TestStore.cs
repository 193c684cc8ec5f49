using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Dashboard.Tests;

/// <summary>A real SQLite store in a fresh temp file, opened the way the CLI opens one (no worker running); deleted afterwards.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conveyor-dashboard-").FullName;
    private readonly ServiceProvider _services;

    private TestStore()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => c.UseSqlite(Path));
        _services = services.BuildServiceProvider();
    }

    public string Path => System.IO.Path.Combine(_directory, "conveyor.db");

    public IJobClient Client => _services.GetRequiredService<IJobClient>();

    public IJobStore Jobs => _services.GetRequiredService<IJobStore>();

    public IJobAdminStore Admin => _services.GetRequiredService<IJobAdminStore>();

    public IStatsStore Stats => _services.GetRequiredService<IStatsStore>();

    public IScheduleStore Schedules => _services.GetRequiredService<IScheduleStore>();

    public IAlertStore Alerts => _services.GetRequiredService<IAlertStore>();

    public Diagnostics.ConveyorMetrics Metrics => _services.GetRequiredService<Diagnostics.ConveyorMetrics>();

    /// <summary>Creates and migrates the store.</summary>
    public static async Task<TestStore> CreateAsync()
    {
        var store = new TestStore();
        await store._services.GetRequiredService<IStoreMigrator>().MigrateAsync(null, CancellationToken.None);
        return store;
    }

    /// <summary>Registers this store's admin side in a dashboard app's services, as <c>conveyor dashboard</c> does.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton(Admin);
        services.AddSingleton(Stats);
        services.AddSingleton(Schedules);
        services.AddSingleton(Alerts);
        services.AddSingleton(Client);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite connection may still hold the file for a moment; the OS cleans temp.
        }
    }
}
