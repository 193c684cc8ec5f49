using System.Text.RegularExpressions;
using Npgsql;

namespace Conveyor.Bench;

/// <summary>
/// Fills a migrated PostgreSQL schema with finished jobs the way a long-running system accumulates them: completed and
/// discarded jobs interleaved by id (one discarded in every <c>finished / discarded + 1</c>), over four kinds and three
/// queues, finished within the last hour — written by one INSERT … SELECT from generate_series, then analysed.
/// </summary>
public static partial class DashboardSeed
{
    /// <summary>Inserts <paramref name="completed"/> completed and <paramref name="discarded"/> discarded jobs; returns the highest id.</summary>
    public static async Task<long> SeedPostgresAsync(string connectionString, string schema, long completed, long discarded, CancellationToken ct)
    {
        // DDL and the table name take no parameters: the schema is checked to be a plain identifier, then quoted.
        if (!Identifier().IsMatch(schema))
        {
            throw new ArgumentException($"'{schema}' is not a plain schema name.", nameof(schema));
        }

        var every = discarded == 0 ? long.MaxValue : Math.Max(1, (completed + discarded) / discarded);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var insert = new NpgsqlCommand(
            $$"""
            INSERT INTO "{{schema}}".jobs (scheduled_at, created_at, attempted_at, finalized_at, attempt, max_attempts, state, kind, queue, args, errors)
            SELECT now() - interval '1 hour', now() - interval '1 hour', now() - interval '30 minutes', now() - (g % 3600) * interval '1 second',
                   CASE WHEN g % @every = 0 THEN 20 ELSE 1 END, 20,
                   CASE WHEN g % @every = 0 AND g / @every <= @discarded THEN 'discarded' ELSE 'completed' END,
                   (ARRAY['send_email', 'charge_payment', 'sync_customer', 'generate_report'])[1 + g % 4],
                   (ARRAY['default', 'mail', 'payments'])[1 + g % 3],
                   convert_to('{"orderId":' || g || '}', 'UTF8'),
                   CASE WHEN g % @every = 0 AND g / @every <= @discarded
                        THEN jsonb_build_array(jsonb_build_object('at', now() - (g % 3600) * interval '1 second', 'attempt', 20, 'exceptionType', 'OrderShop.PaymentDeclinedException',
                                                            'message', 'card declined', 'stackTrace', NULL, 'worker', 'bench', 'durationMs', 12.5))
                        ELSE '[]'::jsonb END
            FROM generate_series(1, @total) AS g
            """,
            connection))
        {
            insert.CommandTimeout = 600;
            insert.Parameters.AddWithValue("every", every);
            insert.Parameters.AddWithValue("discarded", discarded);
            insert.Parameters.AddWithValue("total", completed + discarded);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using (var analyse = new NpgsqlCommand($"VACUUM ANALYZE \"{schema}\".jobs", connection) { CommandTimeout = 600 })
        {
            await analyse.ExecuteNonQueryAsync(ct);
        }

        await using var max = new NpgsqlCommand($"SELECT max(id) FROM \"{schema}\".jobs", connection);
        return (long)(await max.ExecuteScalarAsync(ct))!;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
