using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// Hand models of DyT's forward loop, y = gamma * tanh(alpha * x) + beta over rows of d floats, that change one thing
/// each against the plain loop, to find what hides the memory time the arithmetic leaves exposed at 4096x1024 (issue 14
/// target 9, docs/benchmarks-dyt.md "Hand models"): software prefetch of x a fixed number of bytes ahead (across rows:
/// the rows are contiguous), the loop unrolled with the next vectors' loads issued before the current arithmetic, and
/// non-temporal (streaming) stores for y. Fully optimized from the first call, as the generated kernels are.
/// </summary>
public static unsafe class DyTHandModels
{
    /// <summary>The plain loop with the options: <paramref name="prefetchBytes"/> 0 = none; <paramref name="unroll"/>
    /// 1, 2 or 4 vectors per iteration; <paramref name="streaming"/> = non-temporal stores (y 64-byte aligned).</summary>
    public static void Run(int n, int d, NativeBuffer x, NativeBuffer gamma, NativeBuffer beta, NativeBuffer y, int prefetchBytes, int unroll, bool streaming)
    {
        if (Vector512.IsHardwareAccelerated)
            Run<Simd512<float>, Vector512<float>>(n, d, x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, prefetchBytes / sizeof(float), unroll, streaming);
        else
            Run<Simd256<float>, Vector256<float>>(n, d, x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, prefetchBytes / sizeof(float), unroll, streaming);
    }

    private static void Run<V, TV>(int n, int d, float* x, float* gamma, float* beta, float* y, nint ahead, int unroll, bool streaming)
        where V : struct, ISimd<TV, float>
    {
        streaming &= d * sizeof(float) % 64 == 0 && (nint)y % 64 == 0;
        switch (unroll, streaming)
        {
            case (1, false): Loop1<V, TV, Plain>(n, d, x, gamma, beta, y, ahead); break;
            case (1, true): Loop1<V, TV, Streaming>(n, d, x, gamma, beta, y, ahead); break;
            case (2, false): Loop2<V, TV, Plain>(n, d, x, gamma, beta, y, ahead); break;
            case (2, true): Loop2<V, TV, Streaming>(n, d, x, gamma, beta, y, ahead); break;
            case (-2, _): Loop2Sequential<V, TV>(n, d, x, gamma, beta, y); break;
            default: Loop4<V, TV, Plain>(n, d, x, gamma, beta, y, ahead); break;
        }
    }

    private interface IStore
    {
        static abstract void Store<TV>(TV value, float* at);
    }

    private struct Plain : IStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store<TV>(TV value, float* at)
        {
            if (typeof(TV) == typeof(Vector512<float>)) Unsafe.As<TV, Vector512<float>>(ref value).Store(at);
            else Unsafe.As<TV, Vector256<float>>(ref value).Store(at);
        }
    }

    private struct Streaming : IStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store<TV>(TV value, float* at)
        {
            if (typeof(TV) == typeof(Vector512<float>)) Avx512F.StoreAlignedNonTemporal(at, Unsafe.As<TV, Vector512<float>>(ref value));
            else Avx.StoreAlignedNonTemporal(at, Unsafe.As<TV, Vector256<float>>(ref value));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Dyt<V, TV>(TV alpha, TV x, float* gamma, float* beta, nint j) where V : struct, ISimd<TV, float> =>
        V.MultiplyAdd(V.Load(ref *gamma, j), V.Tanh(V.Multiply(alpha, x)), V.Load(ref *beta, j));

    // The rest of a row (the benchmark tests run odd shapes): whole vectors with ordinary stores, then scalars.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<V, TV>(TV alpha, float* xr, float* yr, float* gamma, float* beta, nint j, nint d) where V : struct, ISimd<TV, float>
    {
        for (; j <= d - V.Count; j += V.Count) Plain.Store(Dyt<V, TV>(alpha, V.Load(ref *xr, j), gamma, beta, j), yr + j);
        for (; j < d; j++) yr[j] = MathF.FusedMultiplyAdd(gamma[j], Scalar<float>.Tanh(0.5f * xr[j]), beta[j]);
    }

    // One prefetch per 64-byte line: every vector at 512 bits, every other at 256 (a second hint on the same line costs
    // an instruction and nothing else; the models keep it simple).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Hint(float* at, nint ahead)
    {
        if (ahead != 0) Sse.Prefetch0(at + ahead);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop1<V, TV, S>(int n, int d, float* x, float* gamma, float* beta, float* y, nint ahead)
        where V : struct, ISimd<TV, float> where S : IStore
    {
        var alpha = V.Splat(0.5f);
        for (nint r = 0; r < n; r++)
        {
            float* xr = x + r * d, yr = y + r * d;
            nint j = 0;
            for (; j <= d - V.Count; j += V.Count)
            {
                Hint(xr + j, ahead);
                S.Store(Dyt<V, TV>(alpha, V.Load(ref *xr, j), gamma, beta, j), yr + j);
            }
            Finish<V, TV>(alpha, xr, yr, gamma, beta, j, d);
        }
        if (typeof(S) == typeof(Streaming)) Sse.StoreFence();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop2<V, TV, S>(int n, int d, float* x, float* gamma, float* beta, float* y, nint ahead)
        where V : struct, ISimd<TV, float> where S : IStore
    {
        var alpha = V.Splat(0.5f);
        nint w = V.Count;
        for (nint r = 0; r < n; r++)
        {
            float* xr = x + r * d, yr = y + r * d;
            nint j = 0;
            for (; j <= d - 2 * w; j += 2 * w)
            {
                Hint(xr + j, ahead);
                if (w >= 16) Hint(xr + j + w, ahead);
                var x0 = V.Load(ref *xr, j);
                var x1 = V.Load(ref *xr, j + w);
                var y0 = Dyt<V, TV>(alpha, x0, gamma, beta, j);
                var y1 = Dyt<V, TV>(alpha, x1, gamma, beta, j + w);
                S.Store(y0, yr + j);
                S.Store(y1, yr + j + w);
            }
            Finish<V, TV>(alpha, xr, yr, gamma, beta, j, d);
        }
        if (typeof(S) == typeof(Streaming)) Sse.StoreFence();
    }

    // Two copies of the body one after the other (load, compute, store; then the next), as the emitter prints an
    // unrolled vector loop, against Loop2's loads of both vectors first.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop2Sequential<V, TV>(int n, int d, float* x, float* gamma, float* beta, float* y)
        where V : struct, ISimd<TV, float>
    {
        var alpha = V.Splat(0.5f);
        nint w = V.Count;
        for (nint r = 0; r < n; r++)
        {
            float* xr = x + r * d, yr = y + r * d;
            nint j = 0;
            for (; j <= d - 2 * w; j += 2 * w)
            {
                Plain.Store(Dyt<V, TV>(alpha, V.Load(ref *xr, j), gamma, beta, j), yr + j);
                Plain.Store(Dyt<V, TV>(alpha, V.Load(ref *xr, j + w), gamma, beta, j + w), yr + j + w);
            }
            Finish<V, TV>(alpha, xr, yr, gamma, beta, j, d);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop4<V, TV, S>(int n, int d, float* x, float* gamma, float* beta, float* y, nint ahead)
        where V : struct, ISimd<TV, float> where S : IStore
    {
        var alpha = V.Splat(0.5f);
        nint w = V.Count;
        for (nint r = 0; r < n; r++)
        {
            float* xr = x + r * d, yr = y + r * d;
            nint j = 0;
            for (; j <= d - 4 * w; j += 4 * w)
            {
                Hint(xr + j, ahead);
                if (w >= 16) Hint(xr + j + w, ahead);
                Hint(xr + j + 2 * w, ahead);
                if (w >= 16) Hint(xr + j + 3 * w, ahead);
                var x0 = V.Load(ref *xr, j);
                var x1 = V.Load(ref *xr, j + w);
                var x2 = V.Load(ref *xr, j + 2 * w);
                var x3 = V.Load(ref *xr, j + 3 * w);
                S.Store(Dyt<V, TV>(alpha, x0, gamma, beta, j), yr + j);
                S.Store(Dyt<V, TV>(alpha, x1, gamma, beta, j + w), yr + j + w);
                S.Store(Dyt<V, TV>(alpha, x2, gamma, beta, j + 2 * w), yr + j + 2 * w);
                S.Store(Dyt<V, TV>(alpha, x3, gamma, beta, j + 3 * w), yr + j + 3 * w);
            }
            Finish<V, TV>(alpha, xr, yr, gamma, beta, j, d);
        }
    }
}
