namespace Conveyor;

/// <summary>Wraps every handler invocation, like ASP.NET Core middleware. Resolved per attempt from the job's scope.</summary>
public interface IJobMiddleware
{
    /// <summary>Runs around the rest of the pipeline; call <paramref name="next"/> to continue.</summary>
    Task InvokeAsync(JobContext context, Func<Task> next, CancellationToken ct);
}
