using System.Net.Sockets;
using Npgsql;

namespace Conveyor.Cli;

/// <summary>Tells a PostgreSQL server that could not be reached from one that answered with an error.</summary>
internal static class PostgresErrors
{
    /// <summary>
    /// Why the server could not be reached, in a few words (<c>connection refused</c>, <c>unknown host</c>,
    /// <c>timed out</c>), or null when it answered (a <see cref="PostgresException"/>) or the cause is something else.
    /// </summary>
    public static string? Unreachable(NpgsqlException error)
    {
        if (error is PostgresException)
        {
            return null;
        }

        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "unknown host",
                        SocketError.TimedOut => "timed out",
                        _ => socket.Message,
                    };
                case TimeoutException:
                    return "timed out";
            }
        }

        return null;
    }
}
