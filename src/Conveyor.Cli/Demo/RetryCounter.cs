using System.Collections.Concurrent;

namespace Conveyor.Cli.Demo;

/// <summary>Retry attempts started in this process, per queue: the demo's "retried" column.</summary>
internal sealed class RetryCounter
{
    private readonly ConcurrentDictionary<string, long> _byQueue = new(StringComparer.Ordinal);

    public void Add(string queue) => _byQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);

    public long Of(string queue) => _byQueue.GetValueOrDefault(queue);

    public long Total => _byQueue.Values.Sum();

    /// <summary>Counts every attempt after the first as a retry, then runs the handler.</summary>
    public sealed class Middleware(RetryCounter counter) : IJobMiddleware
    {
        public Task InvokeAsync(JobContext context, Func<Task> next, CancellationToken ct)
        {
            if (context.Attempt > 1)
            {
                counter.Add(context.Queue);
            }

            return next();
        }
    }
}
