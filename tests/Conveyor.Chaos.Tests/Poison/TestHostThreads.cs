namespace Conveyor.Chaos.Tests.Poison;

/// <summary>
/// Gives an in-process Conveyor host the thread-pool threads the test host keeps blocked. For the whole run the
/// VSTest adapter holds one pool thread in a synchronous wait for the assembly's results and its message loop another
/// in <c>Socket.Poll</c>. On a two-core machine the pool's goal starts at two threads, so a host in the test process
/// would find none free and wait for the pool's starvation check (half a second a thread) before any timer or
/// continuation ran; a Conveyor process of its own has every pool thread.
/// </summary>
internal static class TestHostThreads
{
    /// <summary>The pool threads the test host blocks for the whole run.</summary>
    private const int HeldByTestHost = 2;

    /// <summary>Raises the pool's minimum worker threads to the processor count plus the threads the test host holds.</summary>
    public static void GiveBack()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Environment.ProcessorCount + HeldByTestHost;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }
    }
}
