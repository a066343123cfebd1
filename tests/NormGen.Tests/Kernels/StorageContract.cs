using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// <see cref="ISimd{TV, T}.Load{TStorage}"/> and <see cref="ISimd{TV, T}.Store{TStorage}"/> of one width against the
/// scalar conversions, bit for bit: <see cref="BFloat16"/>'s (which <see cref="BFloat16Tests"/> checks against an
/// independent reference) and <see cref="Half"/>'s own. These classes also run in the vector-width child processes
/// (Widths/VectorWidthTests.cs: with AVX-512 off and without any intrinsics) and with AVX-512 off alone
/// (Widths/StorageWidthTests.cs), so each width's fallback path is checked too, not only this machine's best one.
/// </summary>
public abstract class StorageContract<V, TV>
    where V : struct, ISimd<TV, float>
{
    private static readonly int s_count = V.Count;

    [Fact]
    public void Every_bfloat16_pattern_widens_exactly() =>
        AssertWidens<BFloat16>(bits => (uint)bits << 16);

    [Fact]
    public void Every_half_pattern_widens_as_System_Half_does() =>
        AssertWidens<Half>(bits => BitConverter.SingleToUInt32Bits((float)BitConverter.UInt16BitsToHalf(bits)));

    [Fact]
    public void Narrowing_to_bfloat16_matches_the_scalar_conversion() =>
        AssertNarrows<BFloat16>(f => BFloat16.BFloat16ToUInt16Bits((BFloat16)f));

    [Fact]
    public void Narrowing_to_half_matches_System_Half() =>
        AssertNarrows<Half>(f => BitConverter.HalfToUInt16Bits((Half)f));

    [Fact]
    public void Float_storage_is_the_plain_load_and_store()
    {
        var source = Enumerable.Range(0, s_count + 1).Select(i => i * 1.25f - 3).ToArray();
        var plain = new float[s_count + 2];
        var viaStorage = new float[s_count + 2];
        V.Store(V.Load(ref source[0], 1), ref plain[0], 1);
        V.Store<float>(V.Load<float>(ref source[0], 1), ref viaStorage[0], 1);
        Assert.Equal(plain, viaStorage);
        Assert.Equal(source[1..], viaStorage[1..^1]);
    }

    [Fact]
    public void Store_writes_exactly_the_lanes_and_Load_reads_from_the_index()
    {
        const ushort Guard = 0xDEAD;
        var values = Enumerable.Range(0, s_count).Select(i => (float)(i + 1)).ToArray();
        var bf = Enumerable.Repeat(BFloat16.UInt16BitsToBFloat16(Guard), s_count + 4).ToArray();
        var half = Enumerable.Repeat(BitConverter.UInt16BitsToHalf(Guard), s_count + 4).ToArray();
        V.Store(V.Load(ref values[0], 0), ref bf[0], 3);
        V.Store(V.Load(ref values[0], 0), ref half[0], 3);
        for (int i = 0; i < bf.Length; i++)
        {
            bool lane = i >= 3 && i < 3 + s_count;
            Assert.Equal(lane ? (float)(i - 2) : (float)BFloat16.UInt16BitsToBFloat16(Guard), (float)bf[i]);
            Assert.Equal(lane ? (float)(i - 2) : (float)BitConverter.UInt16BitsToHalf(Guard), (float)half[i]);
        }
        var back = new float[s_count];
        V.Store(V.Load(ref bf[0], 3), ref back[0], 0);
        Assert.Equal(values, back);
        V.Store(V.Load(ref half[0], 3), ref back[0], 0);
        Assert.Equal(values, back);
    }

    /// <summary>All 2^16 patterns, loaded from an odd (unaligned) offset, against <paramref name="expected"/>'s float bits.</summary>
    private static void AssertWidens<TStorage>(Func<ushort, uint> expected) where TStorage : unmanaged
    {
        var patterns = new ushort[(1 << 16) + 1];
        for (int i = 0; i < 1 << 16; i++) patterns[i + 1] = (ushort)i;
        ref TStorage source = ref Unsafe.As<ushort, TStorage>(ref patterns[0]);
        var widened = new float[1 << 16];
        for (int i = 0; i < widened.Length; i += s_count) V.Store(V.Load(ref source, i + 1), ref widened[0], i);
        for (int i = 0; i < widened.Length; i++)
        {
            uint actual = BitConverter.SingleToUInt32Bits(widened[i]);
            if (actual != expected((ushort)i)) Assert.Fail($"{typeof(V).Name} {typeof(TStorage).Name} 0x{i:X4}: 0x{actual:X8}, expected 0x{expected((ushort)i):X8}");
        }
    }

    /// <summary>The dense sample (every float with NORMGEN_CONVERSIONS_FULL=1), stored at an odd offset, against <paramref name="expected"/>.</summary>
    private static void AssertNarrows<TStorage>(Func<float, ushort> expected) where TStorage : unmanaged
    {
        ConversionSamples.ForEachChunk(chunk =>
        {
            var floats = MemoryMarshal.Cast<uint, float>(chunk.AsSpan()).ToArray();
            var stored = new ushort[chunk.Length + 1];
            ref TStorage destination = ref Unsafe.As<ushort, TStorage>(ref stored[0]);
            for (int i = 0; i < floats.Length; i += s_count) V.Store(V.Load(ref floats[0], i), ref destination, i + 1);
            for (int i = 0; i < floats.Length; i++)
                if (stored[i + 1] != expected(floats[i]))
                    Assert.Fail($"{typeof(V).Name} {typeof(TStorage).Name} float 0x{chunk[i]:X8}: 0x{stored[i + 1]:X4}, expected 0x{expected(floats[i]):X4}");
        });
    }
}

public sealed class StorageSimd512Tests : StorageContract<Simd512<float>, Vector512<float>>;
public sealed class StorageSimd512SplitLoadsTests : StorageContract<Simd512SplitLoads<float>, Vector512<float>>;
public sealed class StorageSimd256Tests : StorageContract<Simd256<float>, Vector256<float>>;
public sealed class StorageSimd128Tests : StorageContract<Simd128<float>, Vector128<float>>;
public sealed class StorageScalarTests : StorageContract<Scalar<float>, float>;

/// <summary>Storage types only convert to float; a double width takes double storage only.</summary>
public sealed class StoragePairTests
{
    /// <summary>Set by Widths/StorageWidthTests.cs in the child it starts with AVX-512 switched off.</summary>
    public const string NoAvx512Variable = "NORMGEN_STORAGE_EXPECT_NO_AVX512";

    [Fact]
    public void Runs_without_AVX512_when_the_parent_switched_it_off()
    {
        if (Environment.GetEnvironmentVariable(NoAvx512Variable) == "1")
            Assert.False(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, "DOTNET_EnableAVX512=0 did not switch AVX-512 off");
    }

    [Fact]
    public void Double_compute_takes_double_storage_and_refuses_half_and_bfloat16()
    {
        var source = new[] { 1.5, -2.25, 3, 4, 5, 6, 7, 8 };
        var destination = new double[8];
        Simd256<double>.Store<double>(Simd256<double>.Load<double>(ref source[0], 0), ref destination[0], 0);
        Assert.Equal(source[..4], destination[..4]);
        var half = new Half[8];
        var bf = new BFloat16[8];
        var error = Assert.Throws<NotSupportedException>(() => Simd256<double>.Load(ref half[0], 0));
        Assert.Contains("Half", error.Message);
        Assert.Throws<NotSupportedException>(() => Simd512<double>.Store(Vector512<double>.Zero, ref bf[0], 0));
        Assert.Throws<NotSupportedException>(() => Simd128<double>.Load(ref bf[0], 0));
        Assert.Throws<NotSupportedException>(() => Scalar<double>.Load(ref half[0], 0));
        var ints = new int[16];
        Assert.Throws<NotSupportedException>(() => Simd512<float>.Load(ref ints[0], 0));
    }
}
