using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// The in-memory store, whose rate-limit takes answer late on the test's clock by what <paramref name="lateBy"/> says
/// for each (1 for the first), as a worker slow to reach its handler sees them, and whose handler transactions cannot
/// begin (a database gone at that moment). It counts the takes allowed and those handed back.
/// </summary>
internal sealed class LateTakeStore(InMemoryJobStore inner, FakeTimeProvider time, Func<int, TimeSpan> lateBy) : DelegatingJobStore(inner), IRateLimitStore, ITransactionalCompletionStore
{
    private int _releases;
    private int _takes;

    /// <summary>Takes handed back so far.</summary>
    public int Releases => Volatile.Read(ref _releases);

    /// <summary>Takes allowed so far.</summary>
    public int Takes => Volatile.Read(ref _takes);

    public async ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        var result = await inner.TryTakeAsync(request, ct);
        if (result.Allowed)
        {
            time.Advance(lateBy(Interlocked.Increment(ref _takes)));
        }

        return result;
    }

    public ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct)
    {
        Interlocked.Increment(ref _releases);
        return inner.ReleaseAsync(request, ct);
    }

    public ValueTask<IHandlerTransaction> BeginHandlerTransactionAsync(CancellationToken ct) =>
        throw new InvalidOperationException("The database is unreachable.");
}
