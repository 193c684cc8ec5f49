using Conveyor.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>The admin side of <see cref="PostgresJobStore"/>: reads and repairs for the CLI and dashboard.</summary>
public sealed partial class PostgresJobStore
{
    /// <inheritdoc />
    public async ValueTask<JobRecord?> GetJobAsync(GetJobRequest request, CancellationToken ct)
    {
        await using var command = Command("get_job").With("id", request.JobId);
        return (await JobRows.ReadAllAsync(command, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<ListJobsResult> ListJobsAsync(ListJobsRequest request, CancellationToken ct)
    {
        await using var command = Command("list_jobs")
            .With("state", request.State?.ToWireName(), NpgsqlDbType.Text)
            .With("queue", request.Queue, NpgsqlDbType.Text)
            .With("kind", request.Kind, NpgsqlDbType.Text)
            .With("tag", request.Tag, NpgsqlDbType.Text)
            .With("text", string.IsNullOrEmpty(request.Text) ? null : request.Text, NpgsqlDbType.Text)
            .With("before_id", request.BeforeId, NpgsqlDbType.Bigint)
            .With("after_id", request.AfterId, NpgsqlDbType.Bigint)
            .With("limit", request.Limit);
        return new ListJobsResult(await JobRows.ReadAllAsync(command, ct).ConfigureAwait(false));
    }

    /// <summary>The count per queue and state (tests explain its plan).</summary>
    internal NpgsqlCommand CountJobsCommand() => Command("count_jobs");

    /// <summary>The queue listing (tests explain its plan).</summary>
    internal NpgsqlCommand ListQueuesCommand() => Command("list_queues");

    /// <inheritdoc />
    public async ValueTask<CountJobsResult> CountJobsAsync(CountJobsRequest request, CancellationToken ct)
    {
        await using var command = CountJobsCommand();
        var counts = new List<QueueStateCount>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            counts.Add(new QueueStateCount(reader.GetString(0), JobStates.ParseWireName(reader.GetString(1)), reader.GetInt64(2)));
        }

        return new CountJobsResult(counts);
    }

    /// <inheritdoc />
    public ValueTask<JobIdsResult> RetryJobsAsync(JobIdsRequest request, CancellationToken ct) => ActAsync("retry_jobs", request, ct);

    /// <inheritdoc />
    public ValueTask<JobIdsResult> CancelJobsAsync(JobIdsRequest request, CancellationToken ct) => ActAsync("cancel_jobs", request, ct);

    /// <inheritdoc />
    public ValueTask<JobIdsResult> DeleteJobsAsync(JobIdsRequest request, CancellationToken ct) => ActAsync("delete_jobs", request, ct);

    /// <inheritdoc />
    public async ValueTask<ListQueuesResult> ListQueuesAsync(ListQueuesRequest request, CancellationToken ct)
    {
        await using var command = ListQueuesCommand();
        var queues = new List<QueueInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            queues.Add(new QueueInfo(reader.GetString(0), reader.GetBoolean(1))
            {
                NextDueAt = JobRows.TimeOrNull(reader, 2),
            });
        }

        return new ListQueuesResult(queues);
    }

    /// <inheritdoc />
    public async ValueTask SetQueuePausedAsync(SetQueuePausedRequest request, CancellationToken ct)
    {
        QueueNames.Validate(request.Queue, nameof(request));
        await using var command = Command("set_queue_paused").With("name", request.Queue).With("paused", request.Paused);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ListNodesResult> ListNodesAsync(ListNodesRequest request, CancellationToken ct)
    {
        await using var command = Command("list_nodes").With("since", request.SeenSince);
        var nodes = new List<NodeInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            nodes.Add(new NodeInfo
            {
                Id = reader.GetString(0),
                Host = reader.GetString(1),
                ProcessId = reader.GetInt32(2),
                Queues = reader.GetString(3),
                StartedAt = reader.GetFieldValue<DateTimeOffset>(4),
                LastSeenAt = reader.GetFieldValue<DateTimeOffset>(5),
                Busy = reader.GetInt32(6),
                Version = reader.GetString(7),
            });
        }

        return new ListNodesResult(nodes);
    }

    /// <summary>
    /// Runs an admin action over a set of ids in one statement, with the channels a script may notify on bound; the
    /// script returns the ids it applied to first.
    /// </summary>
    private async ValueTask<JobIdsResult> ActAsync(string script, JobIdsRequest request, CancellationToken ct)
    {
        await using var command = Command(script)
            .With("ids", request.JobIds.Distinct().ToArray())
            .With("channel", _sql.Channel)
            .With("cancel_channel", _sql.CancelChannel);
        var applied = new HashSet<long>();
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        return new JobIdsResult([.. request.JobIds.Distinct().Where(applied.Contains)]);
    }
}
