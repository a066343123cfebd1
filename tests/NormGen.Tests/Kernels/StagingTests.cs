using System.Runtime.CompilerServices;
using NormGen.Kernels;
using static NormGen.Tests.Kernels.MixedPrecision;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The per-thread rows a mixed-precision kernel widens a Half or bfloat16 input row into once and reads in its later
/// sweeps (<see cref="Staging"/>, docs/precision.md "Speed"): aligned, one per slot and thread, reused and grown; and
/// the staged kernels read only what the current row's first sweep wrote, at every length (vector tails, rows
/// shorter than a vector), after longer rows and across threads. In namespace Kernels, so the vector-width children
/// rerun them at 256, 128 and scalar.
/// </summary>
[Collection(nameof(ThreadingTests))] // tests change the process-wide Threading.MaxThreads and Staging.MaxBytes
public sealed class StagingTests
{
    [Fact]
    public void Rows_are_aligned_distinct_per_slot_reused_and_grown()
    {
        ref float first = ref Staging.Row<float>(0, 100);
        ref float second = ref Staging.Row<float>(1, 100);
        Assert.Equal(0, Address(ref first) % 64);
        Assert.Equal(0, Address(ref second) % 64);
        Assert.False(Unsafe.AreSame(ref first, ref second));
        // The same row while it is long enough; a longer request gets a longer (still aligned) row.
        Assert.True(Unsafe.AreSame(ref first, ref Staging.Row<float>(0, 50)));
        ref float longer = ref Staging.Row<float>(0, 1 << 16);
        Assert.Equal(0, Address(ref longer) % 64);
        Unsafe.Add(ref longer, (1 << 16) - 1) = 1f; // the whole length is writable
        Assert.True(Unsafe.AreSame(ref longer, ref Staging.Row<float>(0, 100)));
    }

    [Fact]
    public void Each_thread_has_its_own_rows()
    {
        long here = Address(ref Staging.Row<float>(0, 256));
        long there = 0;
        var thread = new Thread(() => there = Address(ref Staging.Row<float>(0, 256)));
        thread.Start();
        thread.Join();
        Assert.NotEqual(here, there);
        Assert.Equal(here, Address(ref Staging.Row<float>(0, 256)));
    }

    /// <summary>
    /// The staged sweeps read only elements the current row's first sweep kept: the rows are filled with NaN before
    /// every call, so an element read from the stage row but not written this row (a missed tail, a stale longer row)
    /// makes a result NaN. Longest first, so shorter rows run in a row longer than they are. With every row staged
    /// (<see cref="Staging.MaxBytes"/> unlimited) and none (0, as for rows past the budget), the same results.
    /// </summary>
    [Theory]
    [InlineData(4099)]
    [InlineData(1031)]
    [InlineData(77)]
    [InlineData(5)]
    public void Staged_LayerNorm_and_RMSNorm_read_only_the_current_row(int d)
    {
        int before = Staging.MaxBytes;
        try
        {
            foreach (int budget in new[] { int.MaxValue, 0 })
            {
                Staging.MaxBytes = budget;
                StagedCase(d, $"d={d}, MaxBytes={budget}");
            }
        }
        finally
        {
            Staging.MaxBytes = before;
        }
    }

    private static void StagedCase(int d, string at)
    {
        var rng = new Random(d);
        const int n = 3;
        var x = Random<BFloat16>(rng, n * d, -1, 3);
        var dy = Random<BFloat16>(rng, n * d, -1, 1);
        var gamma = RandomFloats(rng, d);
        var beta = RandomFloats(rng, d);
        var ls = new LayerNorm.Shape(n, d);
        var (yf, savedF, dxf) = (new float[n * d], new LayerNorm.Saved<float>(ls), new float[n * d]);
        LayerNorm.Forward(ls, Widen(x), gamma, beta, yf, savedF);
        LayerNorm.Backward(ls, Widen(dy), Widen(x), gamma, beta, savedF, dxf, new float[d], new float[d]);
        var (y, saved, dx) = (new BFloat16[n * d], new LayerNorm.Saved<float>(ls), new BFloat16[n * d]);
        Poison(4100);
        LayerNorm.Forward(ls, x, gamma, beta, y, saved);
        Poison(4100);
        LayerNorm.Backward(ls, dy, x, gamma, beta, saved, dx, new float[d], new float[d]);
        AssertRoundedOnce(yf, y, $"LayerNorm {at}: y");
        AssertRoundedOnce(dxf, dx, $"LayerNorm {at}: dx");

        var rs = new RmsNorm.Shape(n, d);
        var (ryf, rsavedF, rdxf) = (new float[n * d], new RmsNorm.Saved<float>(rs), new float[n * d]);
        RmsNorm.Forward(rs, Widen(x), gamma, ryf, rsavedF);
        RmsNorm.Backward(rs, Widen(dy), Widen(x), gamma, rsavedF, rdxf, new float[d]);
        var (ry, rsaved, rdx) = (new Half[n * d], new RmsNorm.Saved<float>(rs), new Half[n * d]);
        var (hx, hdy) = (Widen(x).Select(v => (Half)v).ToArray(), Widen(dy).Select(v => (Half)v).ToArray()); // bfloat16 values are exact in Half here
        Poison(4100);
        RmsNorm.Forward(rs, hx, gamma, ry, rsaved);
        Poison(4100);
        RmsNorm.Backward(rs, hdy, hx, gamma, rsaved, rdx, new float[d]);
        AssertRoundedOnce(ryf, ry, $"RMSNorm {at} (Half): y");
        AssertRoundedOnce(rdxf, rdx, $"RMSNorm {at} (Half): dx");
    }

    [Fact]
    public void A_negative_budget_is_rejected() => Assert.Throws<ArgumentOutOfRangeException>(() => Staging.MaxBytes = -1);

    /// <summary>Rows split over threads: each chunk stages in its own thread's rows, so no chunk sees another's row.</summary>
    [Fact]
    public void Threaded_chunks_stage_in_their_own_rows()
    {
        const int n = 512, d = 1031; // 2^19 elements: several chunks
        var rng = new Random(5);
        var x = Random<BFloat16>(rng, n * d, -1, 3);
        var dy = Random<BFloat16>(rng, n * d, -1, 1);
        var gamma = RandomFloats(rng, d);
        var beta = RandomFloats(rng, d);
        var s = new LayerNorm.Shape(n, d);
        var (yf, savedF, dxf) = (new float[n * d], new LayerNorm.Saved<float>(s), new float[n * d]);
        LayerNorm.Forward(s, Widen(x), gamma, beta, yf, savedF);
        LayerNorm.Backward(s, Widen(dy), Widen(x), gamma, beta, savedF, dxf, new float[d], new float[d]);
        int before = Threading.MaxThreads;
        int budget = Staging.MaxBytes;
        Staging.MaxBytes = int.MaxValue; // every row staged
        try
        {
            foreach (int threads in new[] { 1, 2, 4 })
            {
                Threading.MaxThreads = threads;
                var (y, saved, dx) = (new BFloat16[n * d], new LayerNorm.Saved<float>(s), new BFloat16[n * d]);
                LayerNorm.Forward(s, x, gamma, beta, y, saved);
                LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, new float[d], new float[d]);
                AssertRoundedOnce(yf, y, $"{threads} thread(s): y");
                AssertRoundedOnce(dxf, dx, $"{threads} thread(s): dx");
            }
        }
        finally
        {
            Threading.MaxThreads = before;
            Staging.MaxBytes = budget;
        }
    }

    /// <summary>Fills this thread's first stage rows with NaN.</summary>
    private static void Poison(int length)
    {
        for (int slot = 0; slot < 2; slot++)
        {
            System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref Staging.Row<float>(slot, length), length).Fill(float.NaN);
        }
    }

    private static long Address(ref float element) => Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref element);
}
