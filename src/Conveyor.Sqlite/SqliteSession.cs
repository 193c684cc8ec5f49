using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// One open connection with its prepared commands, set up once (pragmas) and reused: preparing SQL per call
/// would cost more than the work on the hot path. Used by one operation at a time.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>The prepared command of script <paramref name="script"/>, with its parameters cleared of values.</summary>
    public SqliteCommand Command(string script, SqliteTransaction? transaction)
    {
        if (!_commands.TryGetValue(script, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = SqlScripts.Get(script);
            _commands[script] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
