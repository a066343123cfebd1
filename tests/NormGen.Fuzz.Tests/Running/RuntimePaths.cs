using NormGen.Kernels;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>
/// The ways one call of a generated kernel can run, which the runtime picks from its process-wide settings
/// (<see cref="Threading"/>) and the problem's size. The fuzzer's problems are tiny, so as configured they take the
/// direct path only; the others are forced by changing those settings for the call.
/// </summary>
public enum RuntimePath
{
    /// <summary>The settings as the run has them (the direct path at the fuzzer's sizes, unless an environment knob says otherwise).</summary>
    AsConfigured,

    /// <summary>Split over the outer loop into chunks run on two threads, parameter gradients summed into per-chunk copies.</summary>
    Split,

    /// <summary>The same chunks run in turn on the calling thread: the contract is the same bits as <see cref="Split"/>.</summary>
    SplitOneThread,

    /// <summary>Unsplit, but the sums across rows into the caller's buffers go through one placed copy (<see cref="Threading.MinSumCopyElements"/>).</summary>
    UnsplitCopies,
}

/// <summary>
/// Runs kernels under a <see cref="RuntimePath"/>. The settings are process-wide and the fuzzer checks two layers at
/// once, so every kernel call holds a lock: calls as configured share it, a call with changed settings holds it alone
/// and restores the settings before releasing it.
/// </summary>
public static class RuntimePaths
{
    private static readonly ReaderWriterLockSlim s_lock = new();

    public static T Run<T>(RuntimePath path, Func<T> run)
    {
        if (path == RuntimePath.AsConfigured)
        {
            s_lock.EnterReadLock();
            try { return run(); }
            finally { s_lock.ExitReadLock(); }
        }
        s_lock.EnterWriteLock();
        var (minParallel, maxThreads, minSumCopy) = (Threading.MinParallelElements, Threading.MaxThreads, Threading.MinSumCopyElements);
        try
        {
            (Threading.MinParallelElements, Threading.MaxThreads, Threading.MinSumCopyElements) = path switch
            {
                // Every call with two or more outer iterations splits (into two chunks at these sizes).
                RuntimePath.Split => (1L, 2, minSumCopy),
                RuntimePath.SplitOneThread => (1L, 1, minSumCopy),
                RuntimePath.UnsplitCopies => (long.MaxValue, maxThreads, 1L),
                _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
            };
            return run();
        }
        finally
        {
            (Threading.MinParallelElements, Threading.MaxThreads, Threading.MinSumCopyElements) = (minParallel, maxThreads, minSumCopy);
            s_lock.ExitWriteLock();
        }
    }
}
