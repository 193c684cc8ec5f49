using Microsoft.Data.Sqlite;

namespace Conveyor.Chaos.Tests.SqliteProcesses;

/// <summary>Checks on a SQLite store's file made from outside the store.</summary>
public static class SqliteFile
{
    /// <summary>What <c>PRAGMA integrity_check</c> says of the file at <paramref name="path"/>: <c>ok</c>, or its findings.</summary>
    public static async Task<string> IntegrityCheckAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var findings = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            findings.Add(reader.GetString(0));
        }

        return string.Join("\n", findings);
    }
}
