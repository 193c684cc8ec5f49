using Npgsql;

namespace Conveyor.Postgres;

/// <summary>The store's two kinds of connections, built from the caller's connection string.</summary>
internal static class PostgresConnections
{
    /// <summary>How many statements each pooled connection keeps prepared: every script of the store fits.</summary>
    private const int PreparedStatements = 64;

    /// <summary>
    /// The pool for every operation: statements prepared automatically after their second use (unless the connection
    /// string already sets <c>Max Auto Prepare</c>), the session in UTC so interval arithmetic never meets daylight
    /// saving, and no enlisting in ambient <c>TransactionScope</c>s (a job joins a transaction only when given one).
    /// </summary>
    public static NpgsqlDataSource Pooled(string connectionString) =>
        Build(connectionString, settings =>
        {
            if (settings.MaxAutoPrepare == 0)
            {
                settings.MaxAutoPrepare = PreparedStatements;
                settings.AutoPrepareMinUsages = 2;
            }
        });

    /// <summary>
    /// Unpooled connections for LISTEN: each one is held for as long as a listener runs and closed with it, so a
    /// subscription never lingers on a pooled connection. Npgsql sends keepalives while the listener waits, and TCP
    /// keepalive backs them up, so a dead server or network breaks the wait and the listener reconnects.
    /// </summary>
    public static NpgsqlDataSource Listening(string connectionString) =>
        Build(connectionString, settings =>
        {
            settings.Pooling = false;
            settings.KeepAlive = 15;
            settings.TcpKeepAlive = true;
            settings.ApplicationName = settings.ApplicationName + " listener";
        });

    private static NpgsqlDataSource Build(string connectionString, Action<NpgsqlConnectionStringBuilder> tune)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.Timezone = "UTC";
        settings.Enlist = false;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "conveyor";
        }

        tune(settings);
        return builder.Build();
    }
}
