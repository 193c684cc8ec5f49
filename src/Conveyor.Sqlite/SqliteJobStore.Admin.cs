using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>The admin side of <see cref="SqliteJobStore"/>: reads and repairs for the CLI and dashboard.</summary>
public sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public ValueTask<JobRecord?> GetJobAsync(GetJobRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session => ReadJobs(session.Command("get_job").With("@id", request.JobId)).FirstOrDefault()));

    /// <inheritdoc />
    public ValueTask<ListJobsResult> ListJobsAsync(ListJobsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session => new ListJobsResult(ReadJobs(session.Command("list_jobs")
            .With("@state", request.State is { } state ? (int)state : null)
            .With("@queue", request.Queue)
            .With("@kind", request.Kind)
            .With("@tag", request.Tag)
            .With("@text", string.IsNullOrEmpty(request.Text) ? null : System.Text.Encoding.UTF8.GetBytes(request.Text))
            .With("@before_id", request.BeforeId)
            .With("@after_id", request.AfterId)
            .With("@limit", request.Limit)))));

    /// <inheritdoc />
    public ValueTask<CountJobsResult> CountJobsAsync(CountJobsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session =>
        {
            var counts = new List<QueueStateCount>();
            using var reader = session.Command("count_jobs").ExecuteReader();
            while (reader.Read())
            {
                counts.Add(new QueueStateCount(reader.GetString(0), (JobState)reader.GetInt32(1), reader.GetInt64(2)));
            }

            return new CountJobsResult(counts);
        }));

    /// <inheritdoc />
    public ValueTask<JobIdsResult> RetryJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        ActOnEach(request, (session, id, now) => session.Command("retry_job").With("@id", id).With("@now", now).ExecuteNonQuery() > 0);

    /// <inheritdoc />
    public ValueTask<JobIdsResult> CancelJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        ActOnEach(request, (session, id, now) =>
            session.Command("cancel_waiting_job").With("@id", id).With("@now", now).ExecuteNonQuery() > 0
            || RequestCancel(session, id, now));

    /// <inheritdoc />
    public ValueTask<JobIdsResult> DeleteJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        ActOnEach(request, (session, id, _) => session.Command("delete_job").With("@id", id).ExecuteNonQuery() > 0);

    /// <inheritdoc />
    public ValueTask<ListQueuesResult> ListQueuesAsync(ListQueuesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session =>
        {
            var queues = new List<QueueInfo>();
            using var reader = session.Command("list_queues").ExecuteReader();
            while (reader.Read())
            {
                queues.Add(new QueueInfo(reader.GetString(0), reader.GetInt64(1) == 1)
                {
                    // A malformed row's time (one .NET cannot hold) is left out rather than failing the listing.
                    NextDueAt = !reader.IsDBNull(2) && SqliteTime.TryFromMicros(reader.GetInt64(2), out var due) ? due : null,
                });
            }

            return new ListQueuesResult(queues);
        }));

    /// <inheritdoc />
    public ValueTask SetQueuePausedAsync(SetQueuePausedRequest request, CancellationToken ct)
    {
        QueueNames.Validate(request.Queue, nameof(request));
        Write(session => session.Command("set_queue_paused").With("@name", request.Queue).With("@paused", request.Paused ? 1 : 0).ExecuteNonQuery());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ListNodesResult> ListNodesAsync(ListNodesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session =>
        {
            var nodes = new List<NodeInfo>();
            using var reader = session.Command("list_nodes").With("@since", SqliteTime.ToMicros(request.SeenSince)).ExecuteReader();
            while (reader.Read())
            {
                nodes.Add(new NodeInfo
                {
                    Id = reader.GetString(0),
                    Host = reader.GetString(1),
                    ProcessId = reader.GetInt32(2),
                    Queues = reader.GetString(3),
                    StartedAt = SqliteTime.FromMicros(reader.GetInt64(4)),
                    LastSeenAt = SqliteTime.FromMicros(reader.GetInt64(5)),
                    Busy = reader.GetInt32(6),
                    Version = reader.GetString(7),
                });
            }

            return new ListNodesResult(nodes);
        }));

    /// <summary>
    /// Asks the worker running job <paramref name="id"/> to stop, and moves the cancel signal in the same transaction:
    /// every process's cancel listeners see it move (<see cref="ListenForCancelRequestsAsync"/>).
    /// </summary>
    private static bool RequestCancel(SqliteSession session, long id, long now)
    {
        if (session.Command("cancel_running_job").With("@id", id).With("@now", now).ExecuteNonQuery() == 0)
        {
            return false;
        }

        session.Command("signal_cancel").ExecuteNonQuery();
        return true;
    }

    private ValueTask<JobIdsResult> ActOnEach(JobIdsRequest request, Func<SqliteSession, long, long, bool> action) =>
        ValueTask.FromResult(Write(session =>
        {
            var now = SqliteTime.ToMicros(_time.GetUtcNow());
            return new JobIdsResult([.. request.JobIds.Distinct().Where(id => action(session, id, now))]);
        }));
}
