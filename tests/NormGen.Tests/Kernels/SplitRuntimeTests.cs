using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NormGen.Kernels;
using NormGen.Tests.Support;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The runtime under split and wide-row kernels (issue 14 items 5-7): the partial copies of the parameter gradients
/// (<see cref="PartialSums{T}"/>), the fork-join (<see cref="Threading.For"/>) and the prefetch switch
/// (<see cref="Prefetch.MinRowBytes"/>).
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads and Prefetch.MinRowBytes
public sealed class SplitRuntimeTests
{
    [Fact]
    public void Partial_copies_start_each_chunk_on_a_page_and_never_alias_each_other_modulo_4_KB()
    {
        var sums = PartialSums<float>.Rent(3);
        try
        {
            int[] handles = [sums.Reserve(1024), sums.Reserve(1024), sums.Reserve(1000), sums.Reserve(16)];
            for (int chunk = 0; chunk < 3; chunk++)
            {
                var offsets = handles.Select(h => Address(ref sums.At(h, chunk)) % 4096).ToList();
                Assert.Equal(0, offsets[0]);
                for (int a = 0; a < offsets.Count; a++)
                    for (int b = a + 1; b < offsets.Count; b++)
                    {
                        long apart = Math.Abs(offsets[a] - offsets[b]);
                        Assert.True(Math.Min(apart, 4096 - apart) >= 4096 / handles.Length, $"chunk {chunk}: copies {a} and {b} are {apart} bytes apart modulo 4 KB");
                    }
            }
            // The copies of one chunk do not overlap, nor do those of consecutive chunks.
            var spans = Enumerable.Range(0, 3).SelectMany(c => handles.Select((h, i) => (Start: Address(ref sums.At(h, c)), Bytes: 4L * new[] { 1024, 1024, 1000, 16 }[i]))).OrderBy(s => s.Start).ToList();
            for (int i = 1; i < spans.Count; i++) Assert.True(spans[i - 1].Start + spans[i - 1].Bytes <= spans[i].Start);
        }
        finally
        {
            sums.Return();
        }
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(4032, 1)] // rows just below a page boundary: a copy at the page's start would run one line ahead of them
    [InlineData(4032, 2)]
    [InlineData(0, 2)]
    [InlineData(1000, 3)] // not on a cache line: the rows' line counts
    public void Partial_copies_start_a_line_behind_the_rows_modulo_4_KB_and_spread_over_the_page(int rowOffset, int gradients)
    {
        var memory = GC.AllocateArray<byte>(3 * 4096, pinned: true);
        int page = (int)((4096 - Address(ref memory[0]) % 4096) % 4096);
        var sums = PartialSums<float>.Rent(2, memory.AsSpan(page + rowOffset, 1024));
        try
        {
            int[] handles = [.. Enumerable.Range(0, gradients).Select(_ => sums.Reserve(1024))];
            long behind = (rowOffset / 64 * 64 + 4096 - 64) % 4096;
            for (int chunk = 0; chunk < 2; chunk++)
            {
                var offsets = handles.Select(h => Address(ref sums.At(h, chunk)) % 4096).ToList();
                // Copy 0's stores alias, modulo 4 KB, the row element a vector before the one just loaded: never one still to come.
                Assert.Equal(behind, offsets[0]);
                for (int a = 0; a < offsets.Count; a++)
                {
                    Assert.Equal(0, offsets[a] % 64);
                    for (int b = a + 1; b < offsets.Count; b++)
                    {
                        long apart = Math.Abs(offsets[a] - offsets[b]);
                        Assert.True(Math.Min(apart, 4096 - apart) >= 4096 / gradients / 64 * 64, $"chunk {chunk}: copies {a} and {b} are {apart} bytes apart modulo 4 KB");
                    }
                }
            }
        }
        finally
        {
            sums.Return();
        }
    }

    [Fact]
    public void Partial_copies_are_zeroed_per_chunk_and_added_in_chunk_order()
    {
        var sums = PartialSums<double>.Rent(3);
        int h = sums.Reserve(5);
        for (int c = 0; c < 3; c++)
        {
            sums.Clear(c);
            var copy = MemoryMarshal.CreateSpan(ref sums.At(h, c), 5);
            Assert.All(copy.ToArray(), v => Assert.Equal(0.0, v));
            for (int i = 0; i < 5; i++) copy[i] = c == 1 ? 1e-17 : c == 0 ? 1.0 : i;
        }
        var target = new double[] { -1, 0, 0, 0, 0 };
        sums.AddChunksTo(target, h);
        // ((target + chunk0) + chunk1) + chunk2, element by element: -1 + 1 + 1e-17 + 0 = 1e-17, not 0.
        Assert.Equal(new[] { 1e-17, 1.0 + 1e-17 + 1, 1.0 + 1e-17 + 2, 1.0 + 1e-17 + 3, 1.0 + 1e-17 + 4 }, target);

        sums.Clear(0);
        MemoryMarshal.CreateSpan(ref sums.At(h, 0), 5).Fill(2);
        sums.AddTo(target, h, 0);
        Assert.Equal(1e-17 + 2, target[0]);
        sums.Return();
    }

    [Fact]
    public void The_fork_join_runs_every_chunk_once_and_rethrows_a_chunks_exception()
    {
        int before = Threading.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2, 4 })
            {
                Threading.MaxThreads = threads;
                var runs = new int[64];
                Threading.For(64, c => Interlocked.Increment(ref runs[c]));
                Assert.All(runs, r => Assert.Equal(1, r));
                var error = Assert.Throws<InvalidOperationException>(() => Threading.For(8, c => { if (c == 5) throw new InvalidOperationException("chunk 5"); }));
                Assert.Equal("chunk 5", error.Message);
            }
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    [Fact]
    public void The_fork_join_does_not_wait_for_helpers_the_machine_never_schedules()
    {
        // Every thread-pool thread busy (and more work queued ahead of the helper): Parallel.For waited for its queued
        // helper until the pool injected a thread for it; Threading.For runs the chunks on the calling thread and returns.
        int before = Threading.MaxThreads;
        var release = new ManualResetEventSlim(); // never disposed: blockers still queued when the test ends wait on it
        int blockers = ThreadPool.ThreadCount + Environment.ProcessorCount + 64;
        for (int i = 0; i < blockers; i++) ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(), null);
        try
        {
            Threading.MaxThreads = 2;
            int done = 0;
            var caller = new Thread(() => Threading.For(16, _ => Interlocked.Increment(ref done)));
            caller.Start();
            Assert.True(caller.Join(TimeSpan.FromSeconds(3)), "Threading.For waited for a helper that never started");
            Assert.Equal(16, done);
        }
        finally
        {
            release.Set();
            Threading.MaxThreads = before;
        }
    }

    [Fact]
    public void The_caller_blocks_instead_of_spinning_while_a_helper_runs_a_long_chunk()
    {
        // A helper descheduled in the middle of its chunk holds the caller until it is scheduled again (a fork-join cannot
        // hand the chunk to another thread: it has started). Spinning through that wait, as the caller did, burns a core the
        // helper may need, and counts in the process's CPU time; the caller now spins about one chunk time, then blocks.
        if (!OperatingSystem.IsLinux()) return; // per-thread CPU time through clock_gettime
        int before = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            int caller = Environment.CurrentManagedThreadId;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var helperStarted = new ManualResetEventSlim();
                bool helperRan = false, helperFinished = false;
                double cpuBefore = ThreadCpuMilliseconds();
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                Threading.For(2, _ =>
                {
                    if (Environment.CurrentManagedThreadId == caller)
                    {
                        // The caller's chunk ends once the helper holds the other one, so the caller then has to wait for it
                        // (or after 200 ms, when other tests' split calls hold every helper: the caller runs both chunks, and
                        // the call is repeated).
                        helperStarted.Wait(TimeSpan.FromMilliseconds(200));
                        return;
                    }
                    Volatile.Write(ref helperRan, true);
                    helperStarted.Set();
                    Thread.Sleep(400); // the helper's long chunk: a thread the machine does not run
                    Volatile.Write(ref helperFinished, true);
                });
                double waitedMs = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                double cpuMs = ThreadCpuMilliseconds() - cpuBefore;
                if (!Volatile.Read(ref helperRan))
                {
                    Assert.True(DateTime.UtcNow < deadline, "no helper thread ran a chunk");
                    continue;
                }
                Assert.True(Volatile.Read(ref helperFinished), "Threading.For returned before the helper's chunk finished");
                Assert.True(waitedMs >= 390, $"returned after {waitedMs:0} ms");
                Assert.True(cpuMs < 20, $"the caller used {cpuMs:0.0} ms of CPU in {waitedMs:0} ms waiting for the helper");
                break;
            }
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), ms.</summary>
    private static double ThreadCpuMilliseconds()
    {
        Assert.Equal(0, ClockGetTime(3, out var t));
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }

    [Fact]
    public void Prefetching_changes_no_bit_of_any_result()
    {
        const int n = 24, d = 4096; // 16 KB rows: prefetched by default
        var rng = new Random(3);
        var x = RandomData.Uniform(rng, n * d).Select(v => (float)v).ToArray();
        var dy = RandomData.Uniform(rng, n * d).Select(v => (float)v).ToArray();
        var gamma = RandomData.Uniform(rng, d, 0.5, 1.5).Select(v => (float)v).ToArray();
        var beta = RandomData.Uniform(rng, d).Select(v => (float)v).ToArray();
        var s = new LayerNorm.Shape(n: n, d: d);
        (float[] Y, float[] Dx, float[] Dgamma) Run(int minRowBytes)
        {
            int before = Prefetch.MinRowBytes;
            Prefetch.MinRowBytes = minRowBytes;
            try
            {
                var saved = new LayerNorm.Saved<float>(s);
                float[] y = new float[n * d], dx = new float[n * d], dgamma = new float[d], dbeta = new float[d];
                LayerNorm.Forward(s, x, gamma, beta, y, saved);
                LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
                return (y, dx, dgamma);
            }
            finally
            {
                Prefetch.MinRowBytes = before;
            }
        }
        var on = Run(1);
        var off = Run(int.MaxValue);
        Assert.Equal(off.Y, on.Y);
        Assert.Equal(off.Dx, on.Dx);
        Assert.Equal(off.Dgamma, on.Dgamma);
        Assert.Throws<ArgumentOutOfRangeException>(() => Prefetch.MinRowBytes = 0);
    }

    /// <summary>The element's address (the copies live in a pinned array).</summary>
    private static long Address(ref float element) => Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref element);

    private static long Address(ref byte element) => Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref element);
}
