using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using NormGen.Kernels;
using NormGen.TestSupport;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// <c>--interleaved placement</c>: where the JIT puts a kernel's code, measured alone. One process compiles the same
/// generated forward kernel (LayerNorm, fused add+RMSNorm) eight times, as instantiations over
/// <see cref="NonTemporal.Ordinary"/> and seven private structs that compile exactly as it does (the kernel only
/// compares <c>__NT</c> with <see cref="NonTemporal.Streamed"/>), with small methods compiled between them so that the
/// copies start at different addresses, then times the copies alternately on the same buffers. Identical machine code,
/// identical data: any difference between the copies is the code's address. With <c>DOTNET_PerfMapEnabled=3</c> each
/// copy's start address modulo 64 is printed next to it (read from the runtime's /tmp/perf-PID.map).
/// docs/statistics.md, "The quiet BenchmarkDotNet A/B of the merged per-call choice".
/// </summary>
public static partial class Interleaved
{
    private delegate void LayerNormKernel(in Gen.LayerNorm.Shape s, ref float x, ref float gamma, ref float beta, ref float y, Gen.LayerNorm.Saved<float> saved, float eps, nint start, nint end);

    private delegate void AddRmsNormKernel(in Gen.AddRmsNorm.Shape s, ref float x, ref float residual, ref float gamma, ref float y, ref float h, Gen.AddRmsNorm.Saved<float> saved, float eps, nint start, nint end);

    private struct Copy1;
    private struct Copy2;
    private struct Copy3;
    private struct Copy4;
    private struct Copy5;
    private struct Copy6;
    private struct Copy7;

    private static readonly Type[] Copies = [typeof(NonTemporal.Ordinary), typeof(Copy1), typeof(Copy2), typeof(Copy3), typeof(Copy4), typeof(Copy5), typeof(Copy6), typeof(Copy7)];

    private static void RunPlacement(string[] shapes, int rounds)
    {
        foreach (var shape in shapes)
        {
            var size = shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int n = size[0], d = size[1];
            long e = (long)n * d;
            int reps = (int)Math.Max(1, 4_000_000 / e);
            using var x = new NativeBuffer(e);
            using var residual = new NativeBuffer(e);
            using var y = new NativeBuffer(e);
            using var h = new NativeBuffer(e);
            using var gamma = new NativeBuffer(d);
            using var beta = new NativeBuffer(d);
            TestData.Fill(x.Span, 1, 1.5f, 0.25f);
            TestData.Fill(residual.Span, 2);
            TestData.Fill(gamma.Span, 3, 0.5f, 1f);
            TestData.Fill(beta.Span, 4, 0.5f);

            var ls = new Gen.LayerNorm.Shape(n: n, d: d);
            var lsaved = new Gen.LayerNorm.Saved<float>(ls);
            var layerNorm = CompileCopies<LayerNormKernel>(typeof(Gen.LayerNorm), k => k(in ls, ref x.Span[0], ref gamma.Span[0], ref beta.Span[0], ref y.Span[0], lsaved, NormBenchmark.Eps, 0, n));
            Measure($"LayerNorm forward kernel {shape}, 8 copies{Addresses("LayerNorm::__ForwardKernel")}", layerNorm
                .Select((k, i) => ($"copy {i}", (Action)(() => k(in ls, ref x.Span[0], ref gamma.Span[0], ref beta.Span[0], ref y.Span[0], lsaved, NormBenchmark.Eps, 0, n)))).ToArray(), rounds, reps, cpu: true);

            var fs = new Gen.AddRmsNorm.Shape(n, d);
            var fsaved = new Gen.AddRmsNorm.Saved<float>(fs);
            var fused = CompileCopies<AddRmsNormKernel>(typeof(Gen.AddRmsNorm), k => k(in fs, ref x.Span[0], ref residual.Span[0], ref gamma.Span[0], ref y.Span[0], ref h.Span[0], fsaved, NormBenchmark.Eps, 0, n));
            Measure($"fused add+RMSNorm forward kernel {shape}, 8 copies{Addresses("AddRmsNorm::__ForwardKernel")}", fused
                .Select((k, i) => ($"copy {i}", (Action)(() => k(in fs, ref x.Span[0], ref residual.Span[0], ref gamma.Span[0], ref y.Span[0], ref h.Span[0], fsaved, NormBenchmark.Eps, 0, n)))).ToArray(), rounds, reps, cpu: true);
        }
    }

    // Each copy is compiled (AggressiveOptimization: optimized at its first call) right after 0, 1 or 2 new filler
    // methods, which move the code heap on by a few dozen bytes each.
    private static TKernel[] CompileCopies<TKernel>(Type layer, Action<TKernel> firstCall) where TKernel : Delegate
    {
        var kernel = layer.GetMethod("__ForwardKernel", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{layer.Name} has no __ForwardKernel");
        var (simd, vector) = KernelTypeArguments.DispatchWidth;
        var copies = new TKernel[Copies.Length];
        for (int c = 0; c < Copies.Length; c++)
        {
            for (int f = 0; f < c % 3; f++) Filler(f + c);
            // __NT, the one parameter KernelTypeArguments leaves to the caller, is each copy's own type.
            var arguments = kernel.GetGenericArguments().Select(a => KernelTypeArguments.Of(a.Name, simd, vector) ?? Copies[c]).ToArray();
            copies[c] = kernel.MakeGenericMethod(arguments).CreateDelegate<TKernel>();
            firstCall(copies[c]);
        }
        return copies;
    }

    private static int fillerSink;
    private static int fillersCompiled;

    // A method with a loop (so the JIT starts it on 32 bytes) that has not been compiled before: a new instantiation
    // each time, over a pair of the copy structs (64 pairs).
    private static void Filler(int count)
    {
        int k = fillersCompiled++;
        var pair = typeof(ValueTuple<,>).MakeGenericType(Copies[k % Copies.Length], Copies[k / Copies.Length % Copies.Length]);
        typeof(Interleaved).GetMethod(nameof(FillerOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(pair).Invoke(null, [count]);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FillerOf<T>(int count) where T : struct
    {
        for (int i = 0; i < count; i++) fillerSink += i * count;
    }

    // The start of each compiled copy modulo 64, in compilation order, when the runtime writes its perf map.
    private static string Addresses(string method)
    {
        string map = $"/tmp/perf-{Environment.ProcessId}.map";
        if (!File.Exists(map)) return " (set DOTNET_PerfMapEnabled=3 for the addresses)";
        var starts = File.ReadLines(map).Where(l => l.Contains(method, StringComparison.Ordinal))
            .Select(l => Convert.ToUInt64(l.Split(' ')[0], 16) % 64).ToArray();
        return $"; start mod 64 of copy 0..{starts.Length - 1}: {string.Join(", ", starts)}";
    }
}
