using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Runs one attempt as a pipeline of named steps: resolve registration → decode arguments → open a scope →
/// middleware and handler under time limits → classify the outcome → <see cref="JobStateMachine.Decide"/>.
/// Never throws: whatever happens becomes a completion, so no job is silently dropped.
/// </summary>
internal sealed class JobExecutor(
    IServiceProvider services,
    JobRegistry registry,
    TimeProvider time,
    ILogger<JobExecutor> logger,
    string nodeId)
{
    private const int MaxMessageChars = 4_000;
    private const int MaxStackChars = 16_000;

    public async Task<JobCompletion> ExecuteAsync(InFlightJob job)
    {
        var registration = registry.Find(job.Job.Kind);
        var outcome = registration is null
            ? new ExecutionOutcome.Undecodable($"Unknown job kind '{job.Job.Kind}': no handler is registered for it on worker {nodeId}.")
            : await RunAsync(registration, job).ConfigureAwait(false);
        var completion = JobStateMachine.Decide(job.Job, outcome, registration?.Options.Retry ?? RetryPolicy.Default, time.GetUtcNow(), Random.Shared.NextDouble());
        LogOutcome(job.Job, completion);
        return completion;
    }

    private async Task<ExecutionOutcome> RunAsync(JobRegistration registration, InFlightJob job)
    {
        if (!TryDecode(registration, job.Job, out var args, out var decodeError))
        {
            return new ExecutionOutcome.Undecodable(decodeError);
        }

        await using var scope = services.CreateAsyncScope();
        var context = new JobContext(job.Job, nodeId, job.Token);
        using var softLimit = StartSoftLimit(registration.Options.SoftTimeLimit, job);
        var handler = InvokeAsync(scope.ServiceProvider, registration, args, context, job.Token);
        try
        {
            await WaitWithHardLimitAsync(handler, registration.Options.HardTimeLimit).ConfigureAwait(false);
            return Succeeded(context);
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

    private static bool TryDecode(JobRegistration registration, JobRecord job, out object args, out string error)
    {
        try
        {
            args = registration.Deserialize(job.Args, ConveyorJson.Options);
            error = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            args = null!;
            error = $"Malformed arguments for '{job.Kind}' ({registration.ArgsType.Name}): {ex.Message}";
            return false;
        }
    }

    private static async Task InvokeAsync(IServiceProvider scoped, JobRegistration registration, object args, JobContext context, CancellationToken ct)
    {
        // Run the handler off the producer's thread, so a handler that blocks synchronously cannot stall fetching.
        await Task.Yield();
        var middleware = scoped.GetServices<IJobMiddleware>().ToArray();
        await Next(0).ConfigureAwait(false);

        Task Next(int index) => index < middleware.Length
            ? middleware[index].InvokeAsync(context, () => Next(index + 1), ct)
            : registration.InvokeAsync(scoped, args, context, ct);
    }

    private ITimer? StartSoftLimit(TimeSpan? limit, InFlightJob job) =>
        limit is { } soft ? time.CreateTimer(_ => job.Stop(StopReason.SoftTimeLimit), null, soft, Timeout.InfiniteTimeSpan) : null;

    private Task WaitWithHardLimitAsync(Task handler, TimeSpan? limit) =>
        limit is { } hard ? handler.WaitAsync(hard, time) : handler;

    private static ExecutionOutcome Succeeded(JobContext context) =>
        context.DiscardReason is { } reason ? new ExecutionOutcome.DiscardRequested(reason)
        : context.SnoozeDelay is { } delay ? new ExecutionOutcome.SnoozeRequested(delay)
        : new ExecutionOutcome.Succeeded();

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
