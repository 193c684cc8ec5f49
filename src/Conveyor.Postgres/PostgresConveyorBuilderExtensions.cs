using Conveyor.Postgres;

namespace Conveyor;

/// <summary>Registers the PostgreSQL store.</summary>
public static class PostgresConveyorBuilderExtensions
{
    /// <summary>
    /// Uses the PostgreSQL database of <paramref name="connectionString"/> as the job store, in schema
    /// <see cref="PostgresStoreOptions.Schema"/> (created and migrated at start unless <c>AutoMigrate</c> is off). Due
    /// times and leases follow the database's clock.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty, or <paramref name="configure"/> set an invalid schema name.</exception>
    public static ConveyorBuilder UsePostgres(this ConveyorBuilder builder, string connectionString, Action<PostgresStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgresStoreOptions();
        configure?.Invoke(options);
        return builder.UseStore(_ => new PostgresJobStore(connectionString, options));
    }
}
