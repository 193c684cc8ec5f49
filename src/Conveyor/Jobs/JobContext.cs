using System.Data.Common;
using System.Text.Json;

namespace Conveyor;

/// <summary>What a handler knows about the job it runs, and how it steers the outcome.</summary>
public sealed class JobContext
{
    /// <summary>The largest result a handler may store, in bytes of JSON.</summary>
    public const int MaxResultBytes = 64 * 1024;

    private readonly Func<bool> _holdsLease;
    private readonly Action _loseLease;
    private readonly Func<int, string?, CancellationToken, ValueTask<bool>> _reportProgress;

    internal JobContext(
        JobRecord job,
        string workerId,
        CancellationToken cancellationToken,
        Func<bool> holdsLease,
        Action loseLease,
        Func<int, string?, CancellationToken, ValueTask<bool>> reportProgress)
    {
        Job = job;
        WorkerId = workerId;
        CancellationToken = cancellationToken;
        _holdsLease = holdsLease;
        _loseLease = loseLease;
        _reportProgress = reportProgress;
    }

    /// <summary>The job as fetched (state <see cref="JobState.Running"/>).</summary>
    public JobRecord Job { get; }

    /// <summary>The job's id.</summary>
    public long Id => Job.Id;

    /// <summary>The job's kind.</summary>
    public string Kind => Job.Kind;

    /// <summary>The job's queue.</summary>
    public string Queue => Job.Queue;

    /// <summary>This attempt's number, starting at 1.</summary>
    public int Attempt => Job.Attempt;

    /// <summary>The attempts allowed.</summary>
    public int MaxAttempts => Job.MaxAttempts;

    /// <summary>When the job was enqueued.</summary>
    public DateTimeOffset CreatedAt => Job.CreatedAt;

    /// <summary>The worker (node) running this attempt.</summary>
    public string WorkerId { get; }

    /// <summary>The same token the handler receives: soft time limit, cancel request, lost lease, shutdown.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The transaction to do this attempt's database work in, when the job type sets
    /// <see cref="JobTypeOptions.CompleteInTransaction"/> (for PostgreSQL an <c>NpgsqlTransaction</c>; its
    /// <see cref="DbTransaction.Connection"/> is open). The job's completion is written in it and it commits once the
    /// handler returns; a failed attempt or a lost lease rolls it back. Null otherwise. Do not commit it yourself.
    /// </summary>
    public DbTransaction? Transaction { get; internal set; }

    /// <summary>
    /// Whether this worker can still be sure it holds the job's lease: no renewal came back lost, and the last renewal
    /// confirmed was sent less than a lease ago. It turns false the moment a worker that was paused or cut off from the
    /// store wakes, before any renewal could tell it, while another worker may already run the job.
    /// </summary>
    public bool HoldsLease => _holdsLease();

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> unless <see cref="HoldsLease"/>: call it right before a side
    /// effect that must not happen after another worker took the job over. The attempt then ends as interrupted by the
    /// lost lease, charging nothing (the job is already back with the store). A check, not a lock: an effect that must
    /// happen exactly once also needs an idempotency key (the job id), or <see cref="Transaction"/> on PostgreSQL.
    /// </summary>
    public void ThrowIfLeaseLost()
    {
        if (!HoldsLease)
        {
            _loseLease();
            throw new OperationCanceledException($"Job {Id} attempt {Attempt}: worker {WorkerId} can no longer be sure of its lease.", CancellationToken);
        }
    }

    /// <summary>
    /// Records how far the job is (0 to 100 percent, and an optional message of at most
    /// <see cref="JobProgress.MaxMessageLength"/> characters) in the store, where <c>conveyor jobs show</c> and the
    /// admin API read it. One store write per call: report when something changed, not in a tight loop. Returns false
    /// when the store no longer counts this attempt as running (its lease was lost); the report is then ignored.
    /// </summary>
    public ValueTask<bool> ReportProgressAsync(int percent, string? message = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (message is { Length: > JobProgress.MaxMessageLength })
        {
            throw new ArgumentException($"A progress message is at most {JobProgress.MaxMessageLength} characters; this one has {message.Length}.", nameof(message));
        }

        return _reportProgress(percent, message, ct);
    }

    /// <summary>
    /// Stores <paramref name="result"/> as the job's result (JSON, at most <see cref="MaxResultBytes"/>), kept on the
    /// job when this attempt succeeds (<see cref="JobRecord.Result"/>). Keep it small: ids and counts, not documents.
    /// </summary>
    public void SetResult<TResult>(TResult result)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(result, ConveyorJson.Options);
        if (json.Length > MaxResultBytes)
        {
            throw new ArgumentException($"A job's result is at most {MaxResultBytes:N0} bytes of JSON; this one is {json.Length:N0}. Store ids, not documents.", nameof(result));
        }

        Result = json;
    }

    /// <summary>
    /// The batch this job is the callback of (or the continuation of, which is a batch of its parents), with each of
    /// its jobs' states and results, read from the store; null when the job is no callback or the batch's record was
    /// pruned. A continuation reads its parent's result with <c>batch.Jobs[0].ReadResult&lt;T&gt;()</c>.
    /// </summary>
    public ValueTask<BatchRecord?> GetBatchAsync(CancellationToken ct = default) =>
        BatchReader?.Invoke(Id, ct) ?? ValueTask.FromResult<BatchRecord?>(null);

    /// <summary>Reads the batch a callback job belongs to; null when the store keeps no batches.</summary>
    internal Func<long, CancellationToken, ValueTask<BatchRecord?>>? BatchReader { get; init; }

    /// <summary>The result given to <see cref="SetResult{TResult}"/>, if the handler called it.</summary>
    internal ReadOnlyMemory<byte>? Result { get; private set; }

    /// <summary>The reason given to <see cref="Discard"/>, if the handler called it.</summary>
    internal string? DiscardReason { get; private set; }

    /// <summary>The delay given to <see cref="Snooze"/>, if the handler called it.</summary>
    internal TimeSpan? SnoozeDelay { get; private set; }

    /// <summary>Ends the job as <see cref="JobState.Discarded"/> with this reason once the handler returns; no retries.</summary>
    public void Discard(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        DiscardReason = reason;
    }

    /// <summary>Runs the job again after <paramref name="delay"/> without charging an attempt, once the handler returns.</summary>
    public void Snooze(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        SnoozeDelay = delay;
    }
}
