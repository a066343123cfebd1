using System.Collections.Concurrent;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// <see cref="Threading.For"/> runs its chunks on the caller and on NormGen's own helper threads (not the thread pool,
/// whose start-up cost a fresh process's first split call ~3 ms of CPU): the helpers must take part, survive a chunk's
/// exception, and stay correct when calls nest or run concurrently from several threads.
/// </summary>
[Collection(nameof(ThreadingTests))] // they change the process-wide Threading.MaxThreads
public sealed class HelperThreadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Chunks_run_on_the_caller_and_a_helper_thread_that_is_not_a_thread_pool_thread_even_after_a_chunk_threw()
    {
        int before = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            // A helper's chunk throws: the exception reaches the caller, and the helper lives on for the next call.
            var error = Assert.Throws<InvalidOperationException>(() => RunOnHelper(() => throw new InvalidOperationException("on the helper")));
            Assert.Equal("on the helper", error.Message);
            for (int call = 0; call < 3; call++)
            {
                Thread? helper = null;
                RunOnHelper(() => helper = Thread.CurrentThread);
                Assert.NotNull(helper);
                Assert.False(helper.IsThreadPoolThread, "a thread-pool thread ran a chunk");
                Assert.True(helper.IsBackground, "a helper must not keep the process alive");
                Assert.Equal("NormGen helper", helper.Name);
            }
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    /// <summary>
    /// Two chunks: the caller's waits a while for another thread to take the other one, which runs <paramref name="onHelper"/>.
    /// A call finds no idle helper when other tests' split calls hold them all (a helper takes a call only when it is idle
    /// at the fork); the caller then runs both chunks itself, skipping <paramref name="onHelper"/>, and the call is repeated.
    /// </summary>
    private static void RunOnHelper(Action onHelper)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            int caller = Environment.CurrentManagedThreadId;
            var helperStarted = new ManualResetEventSlim();
            bool ranOnHelper = false;
            Threading.For(2, _ =>
            {
                if (Environment.CurrentManagedThreadId == caller)
                {
                    helperStarted.Wait(TimeSpan.FromMilliseconds(200));
                    return;
                }
                Volatile.Write(ref ranOnHelper, true);
                helperStarted.Set();
                onHelper();
            });
            if (Volatile.Read(ref ranOnHelper)) return;
            Assert.True(DateTime.UtcNow < deadline, "no helper thread ran a chunk");
        }
    }

    [Fact]
    public void Nested_calls_run_every_inner_chunk_once()
    {
        // A chunk that splits again (a kernel calling a threaded kernel) finds the helpers busy with the outer call and
        // runs its inner chunks itself: no deadlock, nothing skipped or repeated.
        int before = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 4;
            var runs = new int[8, 16];
            var call = new Thread(() => Threading.For(8, outer => Threading.For(16, inner => Interlocked.Increment(ref runs[outer, inner]))));
            call.Start();
            Assert.True(call.Join(Patience), "nested Threading.For calls did not finish");
            foreach (int r in runs) Assert.Equal(1, r);
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    [Fact]
    public void Concurrent_calls_from_several_threads_each_run_their_chunks_once_on_at_most_one_helper_per_other_core()
    {
        int before = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 8;
            const int callers = 4, calls = 200, chunks = 24;
            var runs = new int[callers, chunks];
            var chunkThreads = new ConcurrentDictionary<int, bool>();
            var threads = Enumerable.Range(0, callers).Select(t => new Thread(() =>
            {
                for (int call = 0; call < calls; call++)
                    Threading.For(chunks, c =>
                    {
                        chunkThreads.TryAdd(Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
                        Interlocked.Increment(ref runs[t, c]);
                    });
            })).ToList();
            threads.ForEach(t => t.Start());
            Assert.All(threads, t => Assert.True(t.Join(Patience), "concurrent Threading.For calls did not finish"));
            foreach (int r in runs) Assert.Equal(calls, r);
            Assert.DoesNotContain(true, chunkThreads.Values);
            // The helpers are at most one per other core (more would only time-slice), however many threads ask.
            if (OperatingSystem.IsLinux())
            {
                int helpers = Directory.GetDirectories("/proc/self/task").Count(d => ReadName(d) == "NormGen helper");
                Assert.InRange(helpers, 1, Math.Max(1, Environment.ProcessorCount - 1));
            }
        }
        finally
        {
            Threading.MaxThreads = before;
        }
    }

    private static string? ReadName(string taskDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(taskDirectory, "comm")).Trim();
        }
        catch (IOException)
        {
            return null; // the thread ended meanwhile
        }
    }
}
