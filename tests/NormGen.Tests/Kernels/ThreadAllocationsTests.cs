using NormGen.Tests.Shared;

namespace NormGen.Tests.Kernels;

/// <summary>The zero-allocation tests are only as good as their counter: it must see a real allocation.</summary>
public sealed class ThreadAllocationsTests
{
    [Fact]
    public void An_allocation_in_the_action_is_counted()
    {
        byte[]? kept = null;
        long bytes = ThreadAllocations.Of(() => kept = new byte[1000]);
        Assert.NotNull(kept);
        Assert.InRange(bytes, 1000, 1100);
    }

    [Fact]
    public void Two_threads_counting_at_once_take_turns()
    {
        // Test classes run in parallel; the second no-GC region used to throw "already in progress" (a CI failure).
        using var inside = new ManualResetEventSlim();
        long firstBytes = -1;
        var first = new Thread(() => firstBytes = ThreadAllocations.Of(() => { inside.Set(); Thread.Sleep(200); }));
        first.Start();
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, ThreadAllocations.Of(() => { }));
        first.Join();
        Assert.Equal(0, firstBytes);
    }

    [Fact]
    public void An_allocation_larger_than_the_no_GC_headroom_is_counted_too()
    {
        byte[]? kept = null;
        long bytes = ThreadAllocations.Of(() => kept = new byte[100 << 20]);
        Assert.NotNull(kept);
        Assert.True(bytes >= 100 << 20, $"{bytes} bytes");
    }
}
