using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Sweeps running Vector512 load rows that are off 64-byte lines in 256-bit halves in calls larger than the cache
/// (NormGen.Kernels.Simd512SplitLoads, Emit/Loops/SplitLoads.cs): the kernels' tests of size and address, and that
/// both ways of loading give the same bits.
/// </summary>
// Changes process-wide settings: serialized with the other tests that do.
[Collection(nameof(ThreadingTests))]
public sealed class SplitLoadsTests
{
    [Fact]
    public void An_element_is_off_a_line_unless_its_address_is_a_multiple_of_64()
    {
        var before = Alignment.SplitLoadMode;
        try
        {
            Alignment.SplitLoadMode = SplitLoadMode.Auto;
            var data = GC.AllocateArray<float>(64 + 32, pinned: true);
            int line = (int)((64 - AddressOf(ref data[0]) % 64) % 64 / sizeof(float));
            Assert.False(Alignment.OffLine(ref data[0], line));
            Assert.False(Alignment.OffLine(ref data[line], 16));
            for (int off = 1; off < 16; off++) Assert.True(Alignment.OffLine(ref data[line], off));
            var halves = GC.AllocateArray<ushort>(96, pinned: true);
            int start = (int)((64 - AddressOf(ref halves[0]) % 64) % 64 / sizeof(ushort));
            Assert.False(Alignment.OffLine(ref halves[start], 32));
            Assert.True(Alignment.OffLine(ref halves[start], 16));
            Alignment.SplitLoadMode = SplitLoadMode.Always;
            Assert.True(Alignment.OffLine(ref data[line], 0));
        }
        finally
        {
            Alignment.SplitLoadMode = before;
        }
    }

    [Fact]
    public void Calls_split_from_the_minimum_size_in_bytes_unless_the_mode_says_otherwise()
    {
        var (mode, min) = (Alignment.SplitLoadMode, Alignment.SplitLoadMinBytes);
        try
        {
            Assert.Equal(32L << 20, Alignment.DefaultSplitLoadMinBytes);
            Alignment.SplitLoadMode = SplitLoadMode.Auto;
            Alignment.SplitLoadMinBytes = 4096;
            Assert.False(Alignment.SplitLoads<float>(1023));
            Assert.True(Alignment.SplitLoads<float>(1024));
            Assert.True(Alignment.SplitLoads<double>(512));
            Assert.False(Alignment.SplitLoads<Half>(1024));
            Alignment.SplitLoadMode = SplitLoadMode.Never;
            Assert.False(Alignment.SplitLoads<float>(1 << 30));
            Alignment.SplitLoadMode = SplitLoadMode.Always;
            Assert.True(Alignment.SplitLoads<float>(1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Alignment.SplitLoadMinBytes = 0);
        }
        finally
        {
            (Alignment.SplitLoadMode, Alignment.SplitLoadMinBytes) = (mode, min);
        }
    }

    [Fact]
    public void Rows_split_from_the_minimum_row_length_in_bytes()
    {
        int before = Alignment.SplitLoadMinRowBytes;
        try
        {
            Assert.Equal(4096, Alignment.DefaultSplitLoadMinRowBytes);
            Assert.Equal(4096, Alignment.SplitLoadMinRowBytes);
            Assert.False(Alignment.LongRow<float>(1023));
            Assert.True(Alignment.LongRow<float>(1024));
            Assert.True(Alignment.LongRow<double>(512));
            Assert.False(Alignment.LongRow<Half>(1024));
            Alignment.SplitLoadMinRowBytes = int.MaxValue;
            Assert.False(Alignment.LongRow<float>(1 << 28));
            Alignment.SplitLoadMinRowBytes = 1;
            Assert.True(Alignment.LongRow<float>(1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Alignment.SplitLoadMinRowBytes = 0);
        }
        finally
        {
            Alignment.SplitLoadMinRowBytes = before;
        }
    }

    public static TheoryData<string> Names() => new(FormulaCases.Custom.Concat(FormulaCases.Ops).Concat(FormulaCases.Reference).Select(c => c.Name));

    /// <summary>
    /// Every formula case, forward and backward in both precisions, with every sweep over rows split, with the choice
    /// made by address in calls of any size, with it made by row length (every row long), and with none: the same bits. Meaningful where Vector512 is accelerated
    /// (elsewhere the kernels' split copies are removed at JIT time and every run takes the same path).
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Split_and_whole_loads_give_the_same_bits(string name)
    {
        var (mode, min, row) = (Alignment.SplitLoadMode, Alignment.SplitLoadMinBytes, Alignment.SplitLoadMinRowBytes);
        KernelHarness.AssertSameBitsUnder(FormulaCases.Named(name), () => (Alignment.SplitLoadMode, Alignment.SplitLoadMinBytes, Alignment.SplitLoadMinRowBytes) = (mode, min, row),
            ("Never", () => Alignment.SplitLoadMode = SplitLoadMode.Never),
            ($"Always (Vector512 accelerated: {Vector512.IsHardwareAccelerated})", () => Alignment.SplitLoadMode = SplitLoadMode.Always),
            ("Auto from 1 byte", () => (Alignment.SplitLoadMode, Alignment.SplitLoadMinBytes, Alignment.SplitLoadMinRowBytes) = (SplitLoadMode.Auto, 1, int.MaxValue)),
            ("Auto from 1 byte, rows from 1 byte", () => (Alignment.SplitLoadMode, Alignment.SplitLoadMinBytes, Alignment.SplitLoadMinRowBytes) = (SplitLoadMode.Auto, 1, 1)));
    }

    private static long AddressOf<T>(ref T value) =>
        System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.CompilerServices.Unsafe.NullRef<T>(), ref value);
}
