using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

/// <summary>
/// How generated kernels split large inputs across cores. Work is cut into a number of chunks that depends only on
/// the problem size, never on the thread count, and per-chunk partial sums (parameter gradients) are added in chunk
/// order (<see cref="PartialSums{T}"/>): results are identical whatever <see cref="MaxThreads"/> is (with one thread the chunks
/// run in turn, allocating nothing). <see cref="MaxThreads"/>, <see cref="MinParallelElements"/> and <see cref="MinSumCopyElements"/> are the user's settings; the
/// other members are called by generated kernels and hidden from IntelliSense.
/// </summary>
public static class Threading
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Threads a kernel may use: the caller and helper threads, of which there are never more than one per other core;
    /// 1 keeps every kernel on the calling thread. Defaults to the core count.
    /// </summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one thread.");
    }

    /// <summary>Inputs with fewer elements stay single-threaded: below this, waking threads costs more than it saves.</summary>
    public static long MinParallelElements { get; set; } = 1 << 18;

    /// <summary>
    /// Inputs with at least this many elements that stay unsplit still sum their parameter gradients (every sum across
    /// rows into a buffer of the caller's) into copies the kernel places against its rows modulo 4 KB
    /// (<see cref="PartialSums{T}"/>), then add them in once, as split inputs always do; smaller ones sum straight into the caller's buffers, where the copies'
    /// fixed cost (a zeroing and an add per gradient) would show. The caller's buffers, summed into row by row, can sit
    /// where their stores and the row loads alias modulo 4 KB: 1.1-2.8x slower backwards at 32-128 rows
    /// (docs/statistics.md, "Gradients at chosen offsets"). The bits differ between the two ways (the order of the
    /// additions), never with the thread count.
    /// </summary>
    public static long MinSumCopyElements { get; set; } = 1 << 16;

    /// <summary>Whether an unsplit call over <paramref name="elements"/> elements sums across rows into placed copies (<see cref="MinSumCopyElements"/>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public static bool SumsInCopies(long elements) => elements >= MinSumCopyElements;

    /// <summary>Elements per chunk the split aims at (a fixed size, so the split does not depend on the machine).</summary>
    private const long ChunkElements = 1 << 16;

    private const int MaxChunks = 64;

    /// <summary>The number of chunks for <paramref name="outer"/> independent iterations over <paramref name="elements"/> elements (1: no split).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public static int Chunks(nint outer, long elements)
    {
        if (elements < MinParallelElements || outer < 2) return 1;
        long chunks = Math.Min(Math.Min(elements / ChunkElements, outer), MaxChunks);
        return (int)Math.Max(2, chunks);
    }

    /// <summary>The outer iterations of chunk <paramref name="chunk"/> of <paramref name="chunks"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (nint Start, nint End) Range(nint outer, int chunk, int chunks) =>
        (outer * chunk / chunks, outer * (chunk + 1) / chunks);

    /// <summary>
    /// Runs <paramref name="body"/> for every chunk on up to <see cref="MaxThreads"/> threads (the caller and idle
    /// <see cref="HelperThreads"/>) and waits for all. The calling thread works too, and every thread claims the next unclaimed chunk just before it runs it, until none is left: a
    /// helper the machine does not schedule in time claims nothing, and the caller, having run the chunks itself, waits
    /// only for chunks a helper is actually running. (Parallel.For also waits for helpers that never started, which on a
    /// loaded machine made two threads slower than one; docs/benchmarks.md, "Threads".) That wait spins for about one of
    /// the caller's own chunk times (a helper that is running finishes within it), then blocks: a helper that takes longer
    /// has been descheduled, and a spinning caller would hold a core it may need, burn CPU time, and, having used its
    /// share, be scheduled late once the helper is done, where a blocked one is woken at once.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated-kernel plumbing
    public static void For(int chunks, Action<int> body)
    {
        int helpers = Math.Min(s_maxThreads, chunks) - 1;
        if (helpers <= 0)
        {
            for (int c = 0; c < chunks; c++) body(c);
            return;
        }
        var job = new ForkJoin(chunks, body);
        HelperThreads.Post(job, helpers);
        long start = Stopwatch.GetTimestamp();
        int ran = job.Run();
        job.Wait(ran > 0 ? (Stopwatch.GetTimestamp() - start) / ran : 0);
    }

    /// <summary>The longest a caller spins for a helper's last chunk before it blocks.</summary>
    private static readonly long MaxSpinTicks = Stopwatch.Frequency / 1000; // 1 ms

    /// <summary>One <see cref="For"/> call: chunks claimed with an interlocked counter, finished ones counted.</summary>
    private sealed class ForkJoin(int chunks, Action<int> body) : HelperThreads.IJob
    {
        private int next;
        private int finished;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? error;
        private ManualResetEventSlim? allFinished; // made by the caller only when it blocks

        public void Execute() => Run();

        /// <summary>Runs unclaimed chunks until there are none (a helper that starts after the call ended runs nothing); returns how many.</summary>
        public int Run()
        {
            int ran = 0, chunk;
            while ((chunk = Interlocked.Increment(ref next) - 1) < chunks)
            {
                ran++;
                try
                {
                    body(chunk);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref error, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e), null);
                }
                finally
                {
                    // The last chunk wakes a blocked caller. Both sides order a full fence (interlocked) before reading the
                    // other's write: either this sees the caller's event, or the caller sees every chunk finished.
                    if (Interlocked.Increment(ref finished) == chunks) Volatile.Read(ref allFinished)?.Set();
                }
            }
            return ran;
        }

        /// <summary>
        /// Every chunk is claimed when the caller's <see cref="Run"/> returns: waits for those still running, spinning for up
        /// to <paramref name="chunkTicks"/> (the caller's time per chunk, at most <see cref="MaxSpinTicks"/>), then blocking.
        /// </summary>
        public void Wait(long chunkTicks)
        {
            long spinUntil = Stopwatch.GetTimestamp() + Math.Min(chunkTicks, MaxSpinTicks);
            while (Volatile.Read(ref finished) < chunks)
            {
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(16);
                    continue;
                }
                var done = new ManualResetEventSlim(false, spinCount: 1); // no kernel handle unless waited on long: no Dispose needed
                Interlocked.Exchange(ref allFinished, done);
                if (Volatile.Read(ref finished) < chunks) done.Wait();
                break;
            }
            error?.Throw();
        }
    }

    /// <summary>target[i] += source[i], vectorized (the same additions, element by element, as the scalar loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Add<T>(Span<T> target, ReadOnlySpan<T> source) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && System.Numerics.Vector<T>.IsSupported)
        {
            var t = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(target);
            var s = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(source);
            for (int v = 0; v < t.Length; v++) t[v] += s[v];
            i = t.Length * System.Numerics.Vector<T>.Count;
        }
        for (; i < target.Length; i++) target[i] += source[i];
    }
}
