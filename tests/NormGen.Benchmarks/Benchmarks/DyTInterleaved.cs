using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NormGen.Benchmarks.Baselines;
using NormGen.Kernels;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// <c>--interleaved dyt</c>: issue 14's target 9 (DyT forward within 1.3x of a copy of the same bytes) measured in one
/// process, call by call (ABBA), in process CPU time, so the ratio to the copy is taken in the same minutes:
/// <code>
/// dotnet run -c Release --project tests/NormGen.Benchmarks -- --interleaved dyt 4096x1024,8x1024 [rounds]
/// </code>
/// Variants: a copy of the bytes the forward moves (x in, y out), the generated DyT forward, and plain loops of
/// gamma * tanh(alpha * x) + beta at the width the kernels pick: with <see cref="FloatMath.Tanh{V, TV}"/> and with
/// <see cref="DyTTanhRational"/> (not adopted: too inaccurate). A change to FloatMath is measured against main's build of
/// this harness in alternating processes (docs/benchmarks-dyt.md). x is DyT's benchmark data
/// (uniform in [-2.75, 3.25), alpha 0.5). 8x1024 is 32 KB in and 32 KB out, in L1: for such a shape each variant's
/// time per 16 floats is printed too (the arithmetic's own cost), with Exp and Sigmoid alone. docs/benchmarks-dyt.md.
/// </summary>
public static partial class Interleaved
{
    private static void RunDyT(string[] shapes, int rounds)
    {
        foreach (var shape in shapes)
        {
            var size = shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int n = size[0], d = size[1];
            long e = (long)n * d;
            using NativeBuffer x = new(e), y = new(e), gamma = new(d), beta = new(d), copyX = new(e + d), copyY = new(e + d);
            TestData.Fill(x.Span, 31, 3f, 0.25f);
            TestData.Fill(gamma.Span, 32, 0.5f, 1f);
            TestData.Fill(beta.Span, 33, 0.5f);
            TestData.Fill(copyX.Span, 99);
            var s = new Gen.DyT.Shape(n: n, d: d);
            var saved = new Gen.DyT.Saved<float>(s);
            Threading.MaxThreads = 1;
            var variants = new (string, Action)[]
            {
                ("copy", () => Vec.Copy(ref copyX.Span[0], ref copyY.Span[0], (nuint)copyX.Length)),
                ("DyT generated", () => Gen.DyT.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, saved, 0.5f)),
                ("DyT gen., prefetch", () => WithPrefetch(4096, () => Gen.DyT.Forward(s, x.Span, gamma.Span, beta.Span, y.Span, saved, 0.5f))),
                ("loop, Tanh now", () => Loop<Now>(n, d, x, gamma, beta, y)),
                ("loop, rational Tanh", () => Loop<Rational>(n, d, x, gamma, beta, y)),
                ("model", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 0, 1, false)),
                ("model pf 1K", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 1024, 1, false)),
                ("model pf 4K", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 4096, 1, false)),
                ("model pf 8K", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 8192, 1, false)),
                ("model x2", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 0, 2, false)),
                ("model x2 seq", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 0, -2, false)),
                ("model x4", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 0, 4, false)),
                ("model x2 pf 4K", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 4096, 2, false)),
                ("model NT", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 0, 1, true)),
                ("model pf 4K NT", () => DyTHandModels.Run(n, d, x, gamma, beta, y, 4096, 1, true)),
            };
            Measure($"DyT forward {shape}", variants, rounds, (int)Math.Max(1, 4_000_000 / e), cpu: true);
            if (e <= 1 << 16)
                PerVector([.. variants,
                    ("loop, Exp", () => Map<ExpOp>(x, y)),
                    ("loop, Sigmoid", () => Map<SigmoidOp>(x, y))], e);
        }
    }

    /// <summary>
    /// For a cache-resident shape: each variant's best CPU time per 16 floats (one Vector512) over 9 blocks of calls
    /// (about 4 Mi floats each), in ns and in cycles at the clock <c>NORMGEN_CPU_GHZ</c> gives (if set).
    /// </summary>
    private static void PerVector((string Name, Action Body)[] variants, long elements)
    {
        int calls = (int)Math.Max(1, (4L << 20) / elements);
        double ghz = double.TryParse(Environment.GetEnvironmentVariable("NORMGEN_CPU_GHZ"), CultureInfo.InvariantCulture, out double g) ? g : 0;
        Console.WriteLine($"  per 16 floats (best of 9 blocks of {calls} calls, CPU time):");
        foreach (var (name, body) in variants)
        {
            double best = double.MaxValue;
            for (int b = 0; b < 9; b++)
            {
                double start = CpuMilliseconds();
                for (int c = 0; c < calls; c++) body();
                best = Math.Min(best, CpuMilliseconds() - start);
            }
            double ns = best * 1e6 / ((double)calls * elements / 16);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-20} {ns,7:0.00} ns{(ghz > 0 ? $" = {ns * ghz,5:0.0} cycles at {ghz} GHz" : "")}"));
        }
    }

    private interface ITanh
    {
        static abstract TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float>;
    }

    private struct Now : ITanh
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float> => V.Tanh(x);
    }

    private struct Rational : ITanh
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float> => DyTTanhRational.Tanh<V, TV>(x);
    }

    private struct ExpOp : ITanh
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float> => V.Exp(x);
    }

    private struct SigmoidOp : ITanh
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float> => V.Sigmoid(x);
    }

    /// <summary>y = f(x), the function alone (Exp and Sigmoid share Tanh's clamps). Fully optimized from the first call:
    /// it runs only in <see cref="PerVector"/>'s few blocks, too few for tiered compilation to settle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Map<F>(NativeBuffer x, NativeBuffer y) where F : ITanh
    {
        ref float s = ref x.Span[0], d = ref y.Span[0];
        if (Vector512.IsHardwareAccelerated)
            for (nint i = 0; i < x.Length; i += 16) Simd512<float>.Store(F.Tanh<Simd512<float>, Vector512<float>>(Simd512<float>.Load(ref s, i)), ref d, i);
        else
            for (nint i = 0; i < x.Length; i += 8) Simd256<float>.Store(F.Tanh<Simd256<float>, Vector256<float>>(Simd256<float>.Load(ref s, i)), ref d, i);
    }

    private static void Loop<F>(int n, int d, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, NativeBuffer y) where F : ITanh
    {
        if (Vector512.IsHardwareAccelerated) Loop<F, Simd512<float>, Vector512<float>>(n, d, ref x.Span[0], ref gamma.Span[0], ref beta.Span[0], ref y.Span[0]);
        else Loop<F, Simd256<float>, Vector256<float>>(n, d, ref x.Span[0], ref gamma.Span[0], ref beta.Span[0], ref y.Span[0]);
    }

    // d is a multiple of the width in the shapes this runs (1024).
    private static void Loop<F, V, TV>(int n, int d, ref float x, ref float gamma, ref float beta, ref float y)
        where F : ITanh where V : struct, ISimd<TV, float>
    {
        var alpha = V.Splat(0.5f);
        for (nint r = 0; r < n; r++)
        {
            nint row = r * d;
            for (nint j = 0; j < d; j += V.Count)
            {
                var t = F.Tanh<V, TV>(V.Multiply(alpha, V.Load(ref x, row + j)));
                V.Store(V.MultiplyAdd(V.Load(ref gamma, j), t, V.Load(ref beta, j)), ref y, row + j);
            }
        }
    }
}
