using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Cli;

/// <summary>A store opened for one command: the client to enqueue with and the admin side to read and repair.</summary>
internal sealed class StoreSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreSession(ServiceProvider services) => _services = services;

    /// <summary>The client, for enqueueing.</summary>
    public IJobClient Client => _services.GetRequiredService<IJobClient>();

    /// <summary>The admin side of the store.</summary>
    public IJobAdminStore Admin => _services.GetService<IJobAdminStore>()
        ?? throw new CliException("This store does not support inspection (it has no admin interface).");

    /// <summary>
    /// Opens a store. With <paramref name="create"/>, a missing SQLite file is created and migrated; without it, a
    /// missing file is an error, so a typo in <c>--store</c> never silently reads an empty new database.
    /// </summary>
    public static async Task<StoreSession> OpenAsync(StoreSpec spec, bool create, CancellationToken ct)
    {
        if (!create && !spec.Exists)
        {
            throw new CliException(
                $"No Conveyor database at {spec.FullPath}. Pass --store sqlite:PATH, or create one with `conveyor demo` or `conveyor enqueue`.");
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => spec.Apply(c));
        var provider = services.BuildServiceProvider();
        var session = new StoreSession(provider);
        if (create && provider.GetService<IStoreMigrator>() is { } migrator)
        {
            await migrator.MigrateAsync(null, ct);
        }

        return session;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
