using Conveyor.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>Binds new jobs as the parallel arrays <c>insert.sql</c> unnests.</summary>
internal static class InsertParameters
{
    /// <summary>
    /// Binds @kinds @queues @args @max_attempts @priorities @scheduled_at @unique_keys @trace_parents @ordering_keys and the tags: one flat
    /// @tags array, with each job's slice given by @tag_starts and @tag_counts (PostgreSQL arrays cannot be ragged).
    /// </summary>
    public static NpgsqlCommand Bind(NpgsqlCommand command, IReadOnlyList<NewJob> jobs, IReadOnlyList<int> rows)
    {
        var count = rows.Count;
        var kinds = new string[count];
        var queues = new string[count];
        var args = new byte[count][];
        var maxAttempts = new int[count];
        var priorities = new int[count];
        var scheduledAt = new DateTimeOffset?[count];
        var uniqueKeys = new string?[count];
        var traceParents = new string?[count];
        var orderingKeys = new string?[count];
        var tagStarts = new int[count];
        var tagCounts = new int[count];
        var tags = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var job = jobs[rows[i]];
            kinds[i] = job.Kind;
            queues[i] = job.Queue;
            args[i] = job.Args.ToArray();
            maxAttempts[i] = job.MaxAttempts;
            priorities[i] = job.Priority;
            scheduledAt[i] = job.ScheduledAt?.ToUniversalTime();
            uniqueKeys[i] = job.UniqueKey;
            traceParents[i] = job.TraceParent;
            orderingKeys[i] = job.OrderingKey;
            tagStarts[i] = tags.Count;
            tagCounts[i] = job.Tags.Count;
            tags.AddRange(job.Tags);
        }

        return command
            .With("kinds", kinds)
            .With("queues", queues)
            .With("args", args)
            .With("max_attempts", maxAttempts)
            .With("priorities", priorities)
            .With("scheduled_at", scheduledAt, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            .With("unique_keys", uniqueKeys, NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With("trace_parents", traceParents, NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With("ordering_keys", orderingKeys, NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With("tag_starts", tagStarts)
            .With("tag_counts", tagCounts)
            .With("tags", tags.ToArray());
    }
}
