using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Conveyor.Diagnostics;
using Conveyor.Encryption;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Runs one attempt as a pipeline of named steps: resolve registration → decode arguments → open a scope (and, for
/// job types that complete in their handler's transaction, that transaction) → middleware and handler under time
/// limits → classify the outcome → <see cref="JobStateMachine.Decide"/>. Never throws: whatever happens becomes a
/// completion, so no job is silently dropped.
/// </summary>
internal sealed class JobExecutor(
    IServiceProvider services,
    JobRegistry registry,
    IJobStore store,
    TimeProvider time,
    ILogger<JobExecutor> logger,
    string nodeId,
    ConveyorOptions options)
{
    private const int MaxMessageChars = 4_000;
    private const int MaxStackChars = 16_000;

    /// <summary>How many emission intervals a snoozed job's wait is spread over, at random.</summary>
    private const int RateLimitSpread = 8;

    /// <summary>How long a job whose concurrency slots are all held waits before it tries again (plus up to as much at random).</summary>
    private static readonly TimeSpan SlotRetry = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest a job over its rate limit waits in its slot, in all, for the limit to free a run before it snoozes:
    /// two seconds, so a job that lost one round of a saturated one-second limit to other workers waits for the next
    /// round instead of snoozing past it (a snoozed job comes back only at a promotion, up to 250 ms late).
    /// </summary>
    private static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(2);

    /// <summary>How many times a rate-limited run too late to start takes again at once before it is given up.</summary>
    private const int MaxRetakes = 2;

    private readonly ConveyorMetrics? _metrics = services.GetService<ConveyorMetrics>();

    /// <summary>Runs one attempt inside its consumer span, and decides its completion.</summary>
    public async Task<AttemptResult> ExecuteAsync(InFlightJob job)
    {
        using var activity = ConveyorTracing.StartAttempt(job.Job);
        var result = await AttemptAsync(job).ConfigureAwait(false);
        ConveyorTracing.Ended(activity, result.Completion);
        return result;
    }

    private async Task<AttemptResult> AttemptAsync(InFlightJob job)
    {
        var registration = registry.Find(job.Job.Kind);
        if (registration is null)
        {
            return AwaitAWorkerThatKnowsTheKind(job);
        }

        var stored = job.Job;
        if (ArgumentsCipher.IsEnvelope(stored.Args.Span))
        {
            if (!Decrypt(stored, out var plaintext, out var integrityError))
            {
                return Decide(job, registration, new ExecutionOutcome.IntegrityFailed($"Encrypted arguments of '{stored.Kind}': {integrityError}"));
            }

            stored = stored with { Args = plaintext };
        }

        if (!JobArgsDecoder.TryDecode(registration, stored, options.MaxArgsBytes, out var args, out var decodeError))
        {
            return Decide(job, registration, new ExecutionOutcome.Undecodable(decodeError));
        }

        ConcurrencySlot? slot = null;
        if (registration.Options.ConcurrencyLimit is { } concurrency)
        {
            try
            {
                slot = await ConcurrencySlot.TryTakeAsync(store, concurrency.KeyFor(registration.Kind, args), concurrency.Limit, $"{nodeId}|{job.Job.Id}|{job.Job.Attempt}", options.LeaseDuration, time, job.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return Decide(job, registration, Classify(job, ex));
            }

            if (slot is null)
            {
                // Every slot of the key is held: try again shortly, spread so that waiting jobs do not all come back at once.
                return Decide(job, registration, new ExecutionOutcome.SnoozeRequested(SlotRetry + SlotRetry * Random.Shared.NextDouble()));
            }
        }

        await using (slot)
        {
            RateLimitAdmission? admission = null;
            if (registration.Options.RateLimit is { } limit)
            {
                var (refused, admitted) = await TakeRateLimitAsync(registration, limit, job, args).ConfigureAwait(false);
                if (refused is not null)
                {
                    return Decide(job, registration, refused);
                }

                admission = admitted;
            }

            if (!registration.Options.CompleteInTransaction)
            {
                return Decide(job, registration, await RunAsync(registration, job, args, transaction: null, admission).ConfigureAwait(false));
            }

            return await ExecuteInTransactionAsync(registration, job, args, admission).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A job of a kind this worker has no handler for is never run here and never lost: the state machine puts it back
    /// without charging an attempt, for a worker that knows the kind (during a rolling or rolled-back deploy), until
    /// <see cref="ConveyorOptions.UnknownKindGrace"/> after its creation; then it discards it as <c>unknown_kind</c>.
    /// </summary>
    private AttemptResult AwaitAWorkerThatKnowsTheKind(InFlightJob job)
    {
        if (job.Job.DecodeError is { } unreadable)
        {
            // The store could not read the record whole (the kind may be what it could not read): no worker can run
            // it, so waiting for another one would only put off its discard.
            return Decide(job, null, new ExecutionOutcome.Undecodable($"The stored record of '{job.Job.Kind}' cannot be read: {unreadable}"));
        }

        var decided = Decide(job, null, new ExecutionOutcome.UnknownKind(nodeId, options.UnknownKindGrace, options.UnknownKindRecheck));
        if (decided.Completion is { Kind: CompletionKind.Snooze, ScheduledAt: { } again })
        {
            Log.UnknownKindWaiting(logger, job.Job.Id, job.Job.Kind, job.Job.Queue, nodeId, again, job.Job.CreatedAt + options.UnknownKindGrace);
        }

        return decided;
    }

    private async Task<AttemptResult> ExecuteInTransactionAsync(JobRegistration registration, InFlightJob job, object args, RateLimitAdmission? admission)
    {
        IHandlerTransaction transaction;
        try
        {
            transaction = await ((ITransactionalCompletionStore)store).BeginHandlerTransactionAsync(job.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The handler never started: the run's take, if any, goes back to the limit.
            await ReleaseTakeAsync(job, admission).ConfigureAwait(false);
            return Decide(job, registration, Classify(job, ex));
        }

        await using (transaction.ConfigureAwait(false))
        {
            var outcome = await RunAsync(registration, job, args, transaction.Transaction, admission).ConfigureAwait(false);
            var decided = Decide(job, registration, outcome);
            if (outcome is not (ExecutionOutcome.Succeeded or ExecutionOutcome.DiscardRequested or ExecutionOutcome.SnoozeRequested))
            {
                return decided;  // disposing the transaction rolls the handler's writes back
            }

            try
            {
                var landed = await transaction.CompleteAndCommitAsync(decided.Completion, CancellationToken.None).ConfigureAwait(false);
                if (!landed)
                {
                    Log.StaleCompletions(logger, 1, job.Job.Id.ToString(CultureInfo.InvariantCulture));
                }

                return decided with { Persisted = true, Stale = !landed };
            }
            catch (Exception ex)
            {
                // Whether the commit landed is unknown. Ask for a retry through the batcher: if the commit did land,
                // the job is no longer Running under this lease and the retry is ignored as stale.
                return Decide(job, registration, Failure(job, ex.GetType().FullName ?? ex.GetType().Name, $"Committing the handler's transaction failed: {ex.Message}", ex.ToString(), ex.GetType()));
            }
        }
    }

    private AttemptResult Decide(InFlightJob job, JobRegistration? registration, ExecutionOutcome outcome)
    {
        var completion = JobStateMachine.Decide(job.Job, outcome, registration?.Options.Retry ?? RetryPolicy.Default, time.GetUtcNow(), Random.Shared.NextDouble());
        LogOutcome(job.Job, completion);
        _metrics?.AttemptEnded(job.Job, completion, time.GetElapsedTime(job.StartedTimestamp));
        return new AttemptResult(completion, Persisted: false);
    }

    private async Task<ExecutionOutcome> RunAsync(JobRegistration registration, InFlightJob job, object args, DbTransaction? transaction, RateLimitAdmission? admission)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new JobContext(job.Job, nodeId, job.Token, () => job.HoldsLease(time), () => job.Stop(StopReason.LeaseLost), (percent, message, ct) => ReportProgressAsync(job.Job, percent, message, ct))
        {
            Transaction = transaction,
            BatchReader = store is IBatchStore batches ? (id, ct) => batches.GetBatchAsync(new GetBatchRequest { CallbackJobId = id }, ct) : null,
        };
        using var softLimit = StartSoftLimit(registration.Options.SoftTimeLimit, job);
        var handler = InvokeAsync(scope.ServiceProvider, registration, args, context, job, admission);
        try
        {
            await WaitWithHardLimitAsync(handler, registration.Options.HardTimeLimit).ConfigureAwait(false);
            // Not started, a run given up has handed its take back already (AdmitInTimeAsync); the job snoozes.
            return await handler.ConfigureAwait(false) ? Succeeded(context) : admission!.GiveUp();
        }
        catch (TimeoutException) when (!handler.IsCompleted)
        {
            Log.HardTimeLimit(logger, job.Job.Id, job.Job.Kind, job.Job.Queue, registration.Options.HardTimeLimit!.Value, job.Job.Attempt);
            job.Stop(StopReason.SoftTimeLimit);
            return Failure(job, "timeout", $"Hard time limit of {registration.Options.HardTimeLimit} exceeded.", stack: null, typeof(TimeoutException));
        }
        catch (Exception ex)
        {
            return Classify(job, ex);
        }
    }

    /// <summary>Runs the middleware and the handler; false, without running them, when a rate-limited run can no longer start in time.</summary>
    private async Task<bool> InvokeAsync(IServiceProvider scoped, JobRegistration registration, object args, JobContext context, InFlightJob job, RateLimitAdmission? admission)
    {
        // Run the handler off the producer's thread, so a handler that blocks synchronously cannot stall fetching.
        await Task.Yield();

        // The last step before the handler: past it, the rate limit's promise depends on this start being in time.
        if (admission is not null && !await AdmitInTimeAsync(job, admission).ConfigureAwait(false))
        {
            return false;
        }

        var middleware = scoped.GetServices<IJobMiddleware>().ToArray();
        await Next(0).ConfigureAwait(false);
        return true;

        Task Next(int index) => index < middleware.Length
            ? middleware[index].InvokeAsync(context, () => Next(index + 1), job.Token)
            : registration.InvokeAsync(scoped, args, context, job.Token);
    }

    /// <summary>
    /// Whether a rate-limited run may start its handler now (see <see cref="RateLimitAdmission"/>). A run too late hands
    /// its take back, so the slot is not lost, and takes again at once, up to <see cref="MaxRetakes"/> times: what made
    /// it late was mostly the step onto this thread, which a take from here does not pay again. False when it is still
    /// late or the limit frees no run within the slot's wait; its last take is then handed back too. A store error on a new take
    /// fails the attempt, as on the first.
    /// </summary>
    private async Task<bool> AdmitInTimeAsync(InFlightJob job, RateLimitAdmission admission)
    {
        for (var retakes = 0; ; retakes++)
        {
            if (admission.InTime(time))
            {
                return true;
            }

            await ReleaseTakeAsync(job, admission).ConfigureAwait(false);
            if (retakes == MaxRetakes || store is not IRateLimitStore limits)
            {
                return false;
            }

            // Another worker may have taken the run handed back: then this one waits in its slot for the next, as at first.
            var (asked, taken) = await TakeOrWaitAsync(limits, admission.Request, job.Token).ConfigureAwait(false);
            if (!taken.Allowed)
            {
                return false;
            }

            admission = admission.Again(asked, taken);
        }
    }

    /// <summary>
    /// Takes one execution from the job type's rate limit through the store, counted in the period's
    /// <see cref="RateLimitAdmission.CountedWindow"/> (see <see cref="RateLimitAdmission"/>). Over
    /// the limit, a wait of up to <see cref="MaxRateLimitWait"/> is spent here, holding the slot, and the take tried
    /// again when the limit frees one (so a freed run is used at once, not at the next promotion); a longer wait
    /// snoozes the job, no attempt charged, until then, plus a random part of a few emission intervals so jobs refused
    /// together do not all come back at once. A store error fails the attempt, as any error would.
    /// </summary>
    private async Task<(ExecutionOutcome? Refused, RateLimitAdmission? Admitted)> TakeRateLimitAsync(JobRegistration registration, RateLimit limit, InFlightJob job, object args)
    {
        if (store is not IRateLimitStore limits)
        {
            return (null, null);
        }

        try
        {
            var request = new RateLimitRequest { Key = limit.KeyFor(registration.Kind, args), Limit = limit.Limit, Period = RateLimitAdmission.CountedWindow(limit.Period) };
            var spread = limit.Period / limit.Limit * RateLimitSpread * Random.Shared.NextDouble();
            var (asked, taken) = await TakeOrWaitAsync(limits, request, job.Token).ConfigureAwait(false);
            return taken.Allowed
                ? (null, new RateLimitAdmission(asked, taken.Queued, spread, request, taken.Token))
                : (new ExecutionOutcome.SnoozeRequested(taken.RetryAfter + spread), null);
        }
        catch (Exception ex)
        {
            return (Classify(job, ex), null);
        }
    }

    /// <summary>
    /// Takes from the limit, waiting in the slot while the limit frees a run within <see cref="MaxRateLimitWait"/> in
    /// all; the last answer (refused when the wait would be longer) and the timestamp just before the take it answers.
    /// </summary>
    private async Task<(long Asked, RateLimitResult Taken)> TakeOrWaitAsync(IRateLimitStore limits, RateLimitRequest request, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var asked = time.GetTimestamp();
            var taken = await limits.TryTakeAsync(request, ct).ConfigureAwait(false);
            if (taken.Allowed || waited + taken.RetryAfter > MaxRateLimitWait)
            {
                return (asked, taken);
            }

            await Task.Delay(taken.RetryAfter, time, ct).ConfigureAwait(false);
            waited += taken.RetryAfter;
        }
    }

    /// <summary>
    /// Hands a run's take back to its rate limit when the run was given up before its handler started (see
    /// <see cref="RateLimitAdmission"/>), so the slot is not lost. Best effort: a failure is logged and the take stays
    /// counted until it leaves the window (the safe side); the job's own completion goes on either way.
    /// </summary>
    private async Task ReleaseTakeAsync(InFlightJob job, RateLimitAdmission? admission)
    {
        if (admission is null || store is not IRateLimitStore limits)
        {
            return;
        }

        try
        {
            // Not the job's token: a run stopped before its start should still hand its take back.
            await limits.ReleaseAsync(admission.Take, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.RateLimitTakeNotReleased(logger, ex, job.Job.Id, job.Job.Kind, job.Job.Queue);
        }
    }

    /// <summary>Decrypts a job's envelope with this worker's keys; false with the reason when it cannot.</summary>
    private bool Decrypt(JobRecord job, out byte[] plaintext, out string error)
    {
        if (services.GetService<ArgumentsCipher>() is not { } cipher)
        {
            plaintext = [];
            error = "this worker has no decryption keys (see c.EncryptArguments).";
            return false;
        }

        return cipher.TryDecrypt(job.Kind, job.Queue, job.Args, out plaintext, out error);
    }

    private ValueTask<bool> ReportProgressAsync(JobRecord job, int percent, string? message, CancellationToken ct) =>
        store.ReportProgressAsync(new ReportProgressRequest { JobId = job.Id, Attempt = job.Attempt, Owner = nodeId, Percent = percent, Message = message }, ct);

    private ITimer? StartSoftLimit(TimeSpan? limit, InFlightJob job) =>
        limit is { } soft ? time.CreateTimer(_ => job.Stop(StopReason.SoftTimeLimit), null, soft, Timeout.InfiniteTimeSpan) : null;

    private Task WaitWithHardLimitAsync(Task handler, TimeSpan? limit) =>
        limit is { } hard ? handler.WaitAsync(hard, time) : handler;

    private static ExecutionOutcome Succeeded(JobContext context) =>
        context.DiscardReason is { } reason ? new ExecutionOutcome.DiscardRequested(reason)
        : context.SnoozeDelay is { } delay ? new ExecutionOutcome.SnoozeRequested(delay)
        : new ExecutionOutcome.Succeeded(context.Result);

    private ExecutionOutcome Classify(InFlightJob job, Exception ex) => job.Reason switch
    {
        StopReason.Shutdown or StopReason.LeaseLost => new ExecutionOutcome.Interrupted(),
        StopReason.CancelRequested => new ExecutionOutcome.CancelRequested(),
        StopReason.SoftTimeLimit when ex is OperationCanceledException =>
            Failure(job, "timeout", "Soft time limit exceeded: the handler stopped on cancellation.", ex.StackTrace, typeof(TimeoutException)),
        _ => Failure(job, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.ToString(), ex.GetType()),
    };

    private ExecutionOutcome.Failed Failure(InFlightJob job, string type, string message, string? stack, Type exceptionType) =>
        new(new AttemptError(
                time.GetUtcNow(),
                job.Job.Attempt,
                type,
                Truncate(message, MaxMessageChars),
                stack is null ? null : Truncate(stack, MaxStackChars),
                nodeId,
                time.GetElapsedTime(job.StartedTimestamp).TotalMilliseconds),
            exceptionType);

    private void LogOutcome(JobRecord job, JobCompletion completion)
    {
        if (completion.Error is not { } error)
        {
            return;
        }

        if (completion.Kind == CompletionKind.Discard)
        {
            Log.JobDiscarded(logger, job.Id, job.Kind, job.Queue, job.Attempt, $"{error.ExceptionType}: {error.Message}");
        }
        else
        {
            Log.JobFailed(logger, job.Id, job.Kind, job.Queue, job.Attempt, job.MaxAttempts, error.ExceptionType, error.Message, completion.Kind);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
