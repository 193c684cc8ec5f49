using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>Structured log messages of the runtime, each with job id, kind, queue and attempt where they apply.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Job {JobId} ({Kind}) on {Queue} failed attempt {Attempt}/{MaxAttempts}: {ExceptionType}: {Message}; next: {Next}")]
    public static partial void JobFailed(ILogger logger, long jobId, string kind, string queue, int attempt, int maxAttempts, string exceptionType, string message, CompletionKind next);

    [LoggerMessage(2, LogLevel.Error, "Job {JobId} ({Kind}) on {Queue} discarded at attempt {Attempt}: {Reason}")]
    public static partial void JobDiscarded(ILogger logger, long jobId, string kind, string queue, int attempt, string reason);

    [LoggerMessage(3, LogLevel.Error, "Fetching from queue {Queue} failed; retrying in {Delay}")]
    public static partial void FetchFailed(ILogger logger, Exception exception, string queue, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Error, "Writing {Count} completions failed; retrying in {Delay}")]
    public static partial void CompleteFailed(ILogger logger, Exception exception, int count, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Warning, "{Count} stale completions ignored (lease lost): {JobIds}")]
    public static partial void StaleCompletions(ILogger logger, int count, string jobIds);

    [LoggerMessage(6, LogLevel.Error, "Renewing {Count} leases failed")]
    public static partial void ExtendFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(7, LogLevel.Warning, "Lost the lease of job {JobId}; stopping its handler")]
    public static partial void LeaseLost(ILogger logger, long jobId);

    [LoggerMessage(8, LogLevel.Error, "Maintenance task {Task} failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception, string task);

    [LoggerMessage(9, LogLevel.Information, "Rescued {Count} jobs with expired leases")]
    public static partial void Rescued(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Information, "Conveyor node {NodeId} started: queues {Queues}, store {Store}")]
    public static partial void Started(ILogger logger, string nodeId, string queues, string store);

    [LoggerMessage(11, LogLevel.Information, "Conveyor node {NodeId} stopping: {Running} jobs running, waiting up to {Timeout}")]
    public static partial void Stopping(ILogger logger, string nodeId, int running, TimeSpan timeout);

    [LoggerMessage(12, LogLevel.Warning, "Shutdown timeout reached: cancelling {Count} running jobs and releasing them without charging an attempt")]
    public static partial void ShutdownCancelling(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Error, "Recording this node's heartbeat failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Error, "Job {JobId} ({Kind}) on {Queue} hit its hard time limit of {Limit} at attempt {Attempt}; its slot is freed")]
    public static partial void HardTimeLimit(ILogger logger, long jobId, string kind, string queue, TimeSpan limit, int attempt);

    [LoggerMessage(15, LogLevel.Warning, "No lease renewal succeeded for {Elapsed}; stopping {Count} handlers whose leases may be lost")]
    public static partial void LeasesPresumedLost(ILogger logger, TimeSpan elapsed, int count);

    [LoggerMessage(16, LogLevel.Warning, "Job {JobId} ({Kind}) on {Queue} is of a kind worker {NodeId} has no handler for; not run, put back without charging an attempt until {Again}, for a worker that knows it (discarded as unknown_kind from {Deadline})", EventName = "UnknownKindWaiting")]
    public static partial void UnknownKindWaiting(ILogger logger, long jobId, string kind, string queue, string nodeId, DateTimeOffset again, DateTimeOffset deadline);

    [LoggerMessage(17, LogLevel.Warning, "Fetched {Count} jobs of {Queue} {Took} after asking, too late to be sure of their lease of {Lease} until a renewal: not run, handed back without charging an attempt")]
    public static partial void FetchedTooLate(ILogger logger, int count, string queue, TimeSpan took, TimeSpan lease);

    [LoggerMessage(18, LogLevel.Warning, "A lease renewal had no answer within the lease of {Lease}, so none could confirm anything any more: given up, the next one is sent")]
    public static partial void RenewalGivenUp(ILogger logger, TimeSpan lease);

    [LoggerMessage(19, LogLevel.Error, "Recurring schedule {Schedule} cannot run: {Reason}; the other schedules go on")]
    public static partial void ScheduleInvalid(ILogger logger, string schedule, string reason);

    [LoggerMessage(20, LogLevel.Error, "Recurring schedule {Schedule} failed this round; retried next round")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception, string schedule);

    [LoggerMessage(21, LogLevel.Information, "Recurring schedule {Schedule} enqueued {Count} jobs for ticks up to {Tick:O}")]
    public static partial void ScheduleEnqueued(ILogger logger, string schedule, int count, DateTimeOffset tick);

    [LoggerMessage(22, LogLevel.Warning, "Alert firing: {Rule} on {Subject} ({Severity}): {Message}")]
    public static partial void AlertFiring(ILogger logger, string rule, string subject, string severity, string message);

    [LoggerMessage(23, LogLevel.Information, "Alert resolved: {Rule} on {Subject}")]
    public static partial void AlertResolved(ILogger logger, string rule, string subject);

    [LoggerMessage(24, LogLevel.Warning, "Recording the run of recurring schedule {Schedule} (tick {Tick:O}, {State}) failed; dropped, the job itself is done")]
    public static partial void ScheduleRunNotRecorded(ILogger logger, Exception exception, string schedule, DateTimeOffset tick, JobState state);

    [LoggerMessage(25, LogLevel.Warning, "Handing back the rate-limit take of job {JobId} ({Kind}) on {Queue}, whose run was given up before its handler started, failed; the take stays counted until it leaves the window")]
    public static partial void RateLimitTakeNotReleased(ILogger logger, Exception exception, long jobId, string kind, string queue);
}
