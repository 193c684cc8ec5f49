using Conveyor.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteConveyorBuilderExtensions
{
    /// <summary>
    /// Uses the SQLite database at <paramref name="path"/> (created if missing, migrated at start) as the job store,
    /// on the container's <see cref="TimeProvider"/>.
    /// </summary>
    public static ConveyorBuilder UseSqlite(this ConveyorBuilder builder, string path, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new SqliteStoreOptions();
        configure?.Invoke(options);
        return builder.UseStore(sp => new SqliteJobStore(path, options, sp.GetRequiredService<TimeProvider>()));
    }
}
