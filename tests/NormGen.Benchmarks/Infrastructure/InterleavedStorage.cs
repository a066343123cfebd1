using System.Globalization;
using System.Runtime.InteropServices;
using NormGen.Kernels;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// <c>--interleaved storage [shapes] [rounds]</c>: issue 13's bfloat16 speed ratio measured in one process, for a
/// shared machine: the float32 generated kernel, the bfloat16 one, and the bfloat16 one with row staging off
/// (<see cref="Staging.MaxBytes"/> = 0: every sweep widens the row again), call by call in ABBA order, one thread,
/// process CPU time. The ratio column of "bfloat16" is the MixedPrecision benchmark's Ratio; "bfloat16 unstaged"
/// against "bfloat16" is what staging saves. A shape of few rows (128x1024: the tensors stay in L1/L2) measures the
/// kernels' instruction cost without the memory, which is the bfloat16 kernels' bound (docs/precision.md, Speed).
/// <code>
/// dotnet run -c Release --project tests/NormGen.Benchmarks -- --interleaved storage 4096x1024,128x1024 [rounds]
/// </code>
/// </summary>
public static partial class Interleaved
{
    private static void RunStorage(string[] shapes, int rounds)
    {
        foreach (var shape in shapes)
        {
            var size = shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int n = size[0], d = size[1];
            long elements = (long)n * d;
            var x = new NativeBuffer(elements);
            var dy = new NativeBuffer(elements);
            var y = new NativeBuffer(elements);
            var dx = new NativeBuffer(elements);
            TestData.Fill(x.Span, seed: 21, scale: 1.5f, offset: 0.25f);
            TestData.Fill(dy.Span, seed: 22);
            // The bfloat16 tensors hold the same values rounded once, in float buffers of half the length (64-byte aligned).
            NativeBuffer Narrowed(NativeBuffer source)
            {
                var buffer = new NativeBuffer((elements + 1) / 2);
                var target = Bf(buffer);
                for (int i = 0; i < elements; i++) target[i] = (BFloat16)source.Span[i];
                return buffer;
            }
            Span<BFloat16> Bf(NativeBuffer buffer) => MemoryMarshal.Cast<float, BFloat16>(buffer.Span)[..(int)elements];
            NativeBuffer bx = Narrowed(x), bdy = Narrowed(dy), by = new((elements + 1) / 2), bdx = new((elements + 1) / 2);
            NativeBuffer gamma = new(d), beta = new(d), dgamma = new(d), dbeta = new(d);
            TestData.Fill(gamma.Span, seed: 23, scale: 0.5f, offset: 1f);
            TestData.Fill(beta.Span, seed: 24, scale: 0.5f);
            var ls = new Gen.LayerNorm.Shape(n, d);
            var rs = new Gen.RmsNorm.Shape(n, d);
            Gen.LayerNorm.Saved<float> lf = new(ls), lb = new(ls);
            Gen.RmsNorm.Saved<float> rf = new(rs), rb = new(rs);
            var kernels = new (string Name, Action Float, Action BFloat)[]
            {
                ("LayerNorm forward",
                    () => Gen.LayerNorm.Forward(ls, x.Span, gamma.Span, beta.Span, y.Span, lf),
                    () => Gen.LayerNorm.Forward(ls, Bf(bx), gamma.Span, beta.Span, Bf(by), lb)),
                ("LayerNorm backward",
                    () => Gen.LayerNorm.Backward(ls, dy.Span, x.Span, gamma.Span, beta.Span, lf, dx.Span, dgamma.Span, dbeta.Span),
                    () => Gen.LayerNorm.Backward(ls, Bf(bdy), Bf(bx), gamma.Span, beta.Span, lb, Bf(bdx), dgamma.Span, dbeta.Span)),
                ("RMSNorm forward",
                    () => Gen.RmsNorm.Forward(rs, x.Span, gamma.Span, y.Span, rf),
                    () => Gen.RmsNorm.Forward(rs, Bf(bx), gamma.Span, Bf(by), rb)),
                ("RMSNorm backward",
                    () => Gen.RmsNorm.Backward(rs, dy.Span, x.Span, gamma.Span, rf, dx.Span, dgamma.Span),
                    () => Gen.RmsNorm.Backward(rs, Bf(bdy), Bf(bx), gamma.Span, rb, Bf(bdx), dgamma.Span)),
            };
            // Each backward reads what the forward of its own precision saved.
            kernels[0].Float();
            kernels[0].BFloat();
            kernels[2].Float();
            kernels[2].BFloat();
            Threading.MaxThreads = 1;
            foreach (var (name, single, bfloat) in kernels)
            {
                Measure($"{name} {shape}",
                [
                    ("float32", single),
                    ("bfloat16", bfloat),
                    ("bfloat16 unstaged", () =>
                    {
                        Staging.MaxBytes = 0;
                        bfloat();
                        Staging.MaxBytes = Staging.DefaultMaxBytes;
                    }),
                ], rounds, (int)Math.Max(1, 4_000_000 / elements), cpu: true);
            }
            Threading.MaxThreads = Environment.ProcessorCount;
            foreach (var buffer in new[] { x, dy, y, dx, bx, bdy, by, bdx, gamma, beta, dgamma, dbeta }) buffer.Dispose();
        }
    }
}
