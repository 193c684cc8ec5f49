using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// The plans of a store's statements: the custom plan the server makes for the bound values, and the generic plan a
/// prepared statement (the store prepares every statement it runs twice) may switch to for any values.
/// </summary>
internal static class QueryPlans
{
    /// <summary>
    /// The custom plan of <paramref name="command"/>; with <paramref name="analyze"/> it runs too (with its actual
    /// counts), so only for a statement that then changes nothing. Disposes the command.
    /// </summary>
    public static async Task<JsonElement> ExplainAsync(NpgsqlCommand command, bool analyze = false)
    {
        await using (command)
        {
            command.CommandText = $"EXPLAIN (FORMAT JSON, ANALYZE {(analyze ? "true" : "false")}) " + command.CommandText;
            return Plan((string)(await command.ExecuteScalarAsync())!);
        }
    }

    /// <summary>The generic plan of <paramref name="command"/> (prepared, the parameters its text uses numbered); disposes the command.</summary>
    public static async Task<JsonElement> ExplainGenericAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            var sql = command.CommandText;
            var values = new List<string>();
            foreach (NpgsqlParameter parameter in command.Parameters)
            {
                var name = new Regex($@"@{parameter.ParameterName}\b");
                if (name.IsMatch(sql))
                {
                    values.Add(Literal(parameter.Value));
                    sql = name.Replace(sql, $"${values.Count}");
                }
            }

            await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var prepare = new NpgsqlCommand($"SET LOCAL plan_cache_mode = force_generic_plan; PREPARE generic AS {sql}", connection, transaction);
            await prepare.ExecuteNonQueryAsync();
            await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) EXECUTE generic({string.Join(", ", values)})", connection, transaction);
            return Plan((string)(await explain.ExecuteScalarAsync())!);
        }
    }

    /// <summary>How <paramref name="plan"/> reads <paramref name="relation"/>, one entry per scan node (update nodes aside), e.g. <c>Index Scan using jobs_pkey</c>.</summary>
    public static List<string> Scans(JsonElement plan, string relation) =>
        [.. ScanNodes(plan, relation).Select(node => node.GetProperty("Node Type").GetString()
            + (node.TryGetProperty("Index Name", out var index) ? " using " + index.GetString() : ""))];

    /// <summary>The rows an analysed plan's scans of <paramref name="relation"/> read, kept or filtered out.</summary>
    public static double RowsRead(JsonElement plan, string relation) =>
        ScanNodes(plan, relation).Sum(node =>
            node.GetProperty("Actual Loops").GetDouble() * node.GetProperty("Actual Rows").GetDouble()
            + (node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() : 0));

    private static IEnumerable<JsonElement> ScanNodes(JsonElement plan, string relation) =>
        Nodes(plan).Where(node => node.TryGetProperty("Relation Name", out var name) && name.GetString() == relation
                                  && node.GetProperty("Node Type").GetString() != "ModifyTable");

    private static JsonElement Plan(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].GetProperty("Plan").Clone();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? [node, .. children.EnumerateArray().SelectMany(Nodes)]
            : [node];

    private static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        DateTimeOffset time => $"'{time.ToString("O", CultureInfo.InvariantCulture)}'",
        bool flag => flag ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        TimeSpan span => $"'{span.TotalMicroseconds.ToString(CultureInfo.InvariantCulture)} microseconds'::interval",
        _ => throw new NotSupportedException($"No literal for a {value.GetType().Name} parameter."),
    };
}
