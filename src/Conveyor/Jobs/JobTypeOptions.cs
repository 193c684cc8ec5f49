namespace Conveyor;

/// <summary>Per job type settings: default queue and priority, retry policy, time limits.</summary>
public sealed class JobTypeOptions
{
    /// <summary>The queue jobs of this type go to unless the enqueue names one (default <c>default</c>).</summary>
    public string Queue { get; set; } = QueueNames.Default;

    /// <summary>The priority unless the enqueue names one; lower runs first (default 0).</summary>
    public int Priority { get; set; }

    /// <summary>The retry policy.</summary>
    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    /// <summary>When set, the handler's token is cancelled after this long (the handler should stop).</summary>
    public TimeSpan? SoftTimeLimit { get; set; }

    /// <summary>When set, the attempt fails with <c>timeout</c> after this long and frees its slot, even if the handler ignores cancellation.</summary>
    public TimeSpan? HardTimeLimit { get; set; }

    /// <summary>
    /// When true, each attempt runs in a transaction on the store's database (<see cref="JobContext.Transaction"/>)
    /// and the job's completion is written in it, so the handler's writes and the completion commit together or
    /// not at all. Needs a store with transactional completion (PostgreSQL); the host refuses to start otherwise.
    /// </summary>
    public bool CompleteInTransaction { get; set; }

    /// <summary>The rate limit (a sliding window, see <see cref="Storage.IRateLimitStore"/>), when set with <see cref="LimitRate(int, TimeSpan)"/> or <see cref="LimitRate{TArgs}"/>.</summary>
    public RateLimit? RateLimit { get; private set; }

    /// <summary>At most <paramref name="limit"/> executions of this job type per <paramref name="period"/>, across every worker.</summary>
    public JobTypeOptions LimitRate(int limit, TimeSpan period) => SetRateLimit(limit, period, null);

    /// <summary>
    /// At most <paramref name="limit"/> executions per <paramref name="period"/> for each key <paramref name="key"/>
    /// takes from the arguments (a customer, a third-party account), across every worker.
    /// </summary>
    public JobTypeOptions LimitRate<TArgs>(int limit, TimeSpan period, Func<TArgs, string> key)
        where TArgs : IJobArgs
    {
        ArgumentNullException.ThrowIfNull(key);
        return SetRateLimit(limit, period, args => key((TArgs)args));
    }

    /// <summary>The concurrency limit, when set with <see cref="LimitConcurrency(int)"/> or <see cref="LimitConcurrency{TArgs}"/>.</summary>
    public ConcurrencyLimit? ConcurrencyLimit { get; private set; }

    /// <summary>At most <paramref name="limit"/> jobs of this type running at once, across every worker.</summary>
    public JobTypeOptions LimitConcurrency(int limit) => SetConcurrencyLimit(limit, null);

    /// <summary>
    /// At most <paramref name="limit"/> jobs running at once for each key <paramref name="key"/> takes from the
    /// arguments (e.g. one sync per account), across every worker.
    /// </summary>
    public JobTypeOptions LimitConcurrency<TArgs>(int limit, Func<TArgs, string> key)
        where TArgs : IJobArgs
    {
        ArgumentNullException.ThrowIfNull(key);
        return SetConcurrencyLimit(limit, args => key((TArgs)args));
    }

    /// <summary>The ordering, when set with <see cref="RunInOrder{TArgs}"/>.</summary>
    public RunOrder? RunOrder { get; private set; }

    /// <summary>
    /// Runs jobs of this type one at a time and in enqueue order for each key <paramref name="key"/> takes from the
    /// arguments (e.g. an account's syncs), across every worker: a job starts only when every job of its queue, kind
    /// and key enqueued before it has finished. The key is taken at enqueue (at most 200 characters); a null or empty
    /// key leaves a job out of any line. Needs a store that keeps ordering keys; the host refuses to start otherwise.
    /// </summary>
    public JobTypeOptions RunInOrder<TArgs>(Func<TArgs, string?> key)
        where TArgs : IJobArgs
    {
        ArgumentNullException.ThrowIfNull(key);
        RunOrder = new RunOrder(args => key((TArgs)args));
        return this;
    }

    /// <summary>Sets <see cref="RetryPolicy.MaxAttempts"/>.</summary>
    public JobTypeOptions MaxAttempts(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        Retry = Retry with { MaxAttempts = attempts };
        return this;
    }

    /// <summary>Retries only this exception type (and others added the same way).</summary>
    public JobTypeOptions RetryOn<TException>()
        where TException : Exception
    {
        Retry = Retry with { RetryOn = [.. Retry.RetryOn, typeof(TException)] };
        return this;
    }

    /// <summary>Discards the job at once on this exception type.</summary>
    public JobTypeOptions DiscardOn<TException>()
        where TException : Exception
    {
        Retry = Retry with { DiscardOn = [.. Retry.DiscardOn, typeof(TException)] };
        return this;
    }

    private JobTypeOptions SetRateLimit(int limit, TimeSpan period, Func<object, string>? key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        RateLimit = new RateLimit(limit, period, key);
        return this;
    }

    private JobTypeOptions SetConcurrencyLimit(int limit, Func<object, string>? key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ConcurrencyLimit = new ConcurrencyLimit(limit, key);
        return this;
    }
}
