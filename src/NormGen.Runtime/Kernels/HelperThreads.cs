namespace NormGen.Kernels;

/// <summary>
/// The threads that run <see cref="Threading.For"/>'s chunks beside the caller: NormGen's own background threads, started
/// one at a time when a split call first finds none idle, at most one fewer than the cores, and kept for the process.
/// Not the thread pool: its start-up (its queues, a gate thread, a second worker, task-scheduler types) cost a fresh
/// process ~3 ms of CPU in its first split call against well under 1 ms for one thread (docs/benchmarks.md, "First
/// calls"), and kernels that are busy on every core gain nothing from a pool that would inject more threads.
/// </summary>
internal static class HelperThreads
{
    /// <summary>Helpers never outnumber the other cores: a kernel is compute- or memory-bound, more threads only time-slice.</summary>
    private static readonly int MaxHelpers = Math.Max(1, Environment.ProcessorCount - 1);

    private static Helper[] s_helpers = [];
    private static readonly Lock s_grow = new();

    /// <summary>Hands <paramref name="job"/> to up to <paramref name="wanted"/> idle helpers, starting helpers while there are
    /// fewer than <see cref="MaxHelpers"/>; returns how many took it. Busy helpers (a concurrent or enclosing call's) are
    /// skipped: the caller runs whatever chunks no helper claims.</summary>
    public static int Post(IJob job, int wanted)
    {
        int posted = 0;
        foreach (var helper in Volatile.Read(ref s_helpers))
        {
            if (posted == wanted) return posted;
            if (helper.TryPost(job)) posted++;
        }
        while (posted < wanted && Start() is { } started)
        {
            if (started.TryPost(job)) posted++;
        }
        return posted;
    }

    /// <summary>A new helper, or null when there are <see cref="MaxHelpers"/> or threads cannot be started here.</summary>
    private static Helper? Start()
    {
        lock (s_grow)
        {
            var helpers = s_helpers;
            if (helpers.Length >= MaxHelpers) return null;
            var helper = new Helper();
            try
            {
                var thread = new Thread(helper.Loop) { IsBackground = true, Name = "NormGen helper" };
                thread.UnsafeStart(); // no ExecutionContext captured: the helper runs kernels' chunks, nothing of the caller's
            }
            catch (Exception e) when (e is PlatformNotSupportedException or ThreadStartException or OutOfMemoryException)
            {
                return null; // a platform without threads, or none to be had: the caller runs every chunk
            }
            Volatile.Write(ref s_helpers, [.. helpers, helper]);
            return helper;
        }
    }

    /// <summary>Work a helper runs; it must not throw (<see cref="Threading.For"/>'s job catches its chunks' exceptions).</summary>
    internal interface IJob
    {
        void Execute();
    }

    private sealed class Helper
    {
        private IJob? job;
        private int busy; // 1 from a successful TryPost until the job has run
        private readonly ManualResetEventSlim posted = new(false, spinCount: 70); // spins briefly (as long as the thread pool's workers: their default spin limit, 70), then blocks

        public bool TryPost(IJob work)
        {
            if (Interlocked.CompareExchange(ref busy, 1, 0) != 0) return false;
            Volatile.Write(ref job, work);
            posted.Set();
            return true;
        }

        public void Loop()
        {
            while (true)
            {
                posted.Wait();
                posted.Reset(); // before the job runs, so the next TryPost (possible only after busy is cleared) sets it again
                var work = Volatile.Read(ref job)!;
                job = null;
                work.Execute();
                Volatile.Write(ref busy, 0);
            }
        }
    }
}
