using System.Runtime.CompilerServices;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The kernels' working buffers (per-channel accumulators) start at a cache line: a plain array starts 16 bytes past
/// one, and line-crossing accumulator stores and reloads made BatchNorm NHWC's statistics sweep 1.7x slower.
/// </summary>
public sealed class CacheLineBufferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(1001)]
    public void The_buffer_holds_its_length_zeroed_from_a_64_byte_boundary(int length)
    {
        for (int i = 0; i < 20; i++)
        {
            var floats = CacheLineBuffer.Allocate<float>(length);
            var doubles = CacheLineBuffer.Allocate<double>(length);
            AssertAligned(floats, length);
            AssertAligned(doubles, length);
        }
    }

    [Fact]
    public void A_buffer_larger_than_an_array_can_hold_is_refused_as_a_tensor_is()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CacheLineBuffer.Allocate<float>(Array.MaxLength));
    }

    private static void AssertAligned<T>(T[] buffer, int length) where T : unmanaged
    {
        ref T start = ref CacheLineBuffer.Start(buffer);
        Assert.Equal(0, (long)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref start) % 64);
        long skipped = Unsafe.ByteOffset(ref buffer[0], ref start) / Unsafe.SizeOf<T>();
        Assert.InRange(skipped, 0, 64 / Unsafe.SizeOf<T>() - 1);
        Assert.True(buffer.Length - skipped >= length, $"{buffer.Length} elements, {skipped} skipped, {length} needed");
        Assert.All(buffer, v => Assert.Equal(default, v));
    }
}
