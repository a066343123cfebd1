using System.Runtime;

namespace NormGen.Tests.Shared;

/// <summary>
/// The managed bytes the calling thread allocates in an action, for the tests of docs/api.md's "no kernel allocates".
/// </summary>
internal static class ThreadAllocations
{
    /// <summary>
    /// Counted inside a no-GC region. A GC during the action (a background GC's suspension counts, and it does not
    /// show in <see cref="GC.CollectionCount"/>) retires the thread's allocation context, and
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> then counts its unused rest as allocated: 6.5-8 KB in a
    /// call that allocates nothing, seen once in every ~20 LayerNorm calls while the test beside it allocated large
    /// arrays (with <c>DOTNET_gcConcurrent=0</c> or in a no-GC region, never). That made the zero-allocation tests
    /// fail at random.
    /// </summary>
    public static long Of(Action action)
    {
        // One region per process: tests run in parallel, and a second TryStartNoGCRegion while one is in progress throws.
        lock (Gate) return InRegion(action);
    }

    private static readonly object Gate = new();

    private static long InRegion(Action action)
    {
        // 64 MB of headroom: an action that allocates (a first call filling a pool) is measured, not cut short.
        bool region = GC.TryStartNoGCRegion(64L << 20);
        try
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        finally
        {
            // The region ends by itself if the action allocated more than its headroom.
            if (region && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }
}
