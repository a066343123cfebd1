using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;

/// <summary>
/// Plain hand loops that move exactly the bytes a training BatchNorm must move, with the least arithmetic: the
/// structural floor the generated kernels are measured against. Statistics need a whole sweep before the first output,
/// so a forward reads x twice and writes y once, a backward reads x and dy twice and writes dx once. "flat" sweeps the
/// whole tensor twice (channels-last has no smaller unit: every pixel holds every channel); "per channel" sweeps one
/// NCHW channel (n rows of h·w) twice before the next, as an outer-loop kernel does, so its second read can come from L2.
/// </summary>
static class Floors
{
    public static Action Forward(Memory<float> x, Memory<float> y) =>
        () => Dispatch(x.Span, y.Span, default, 0, 0, 0, forward: true);

    public static Action Backward(Memory<float> x, Memory<float> dy, Memory<float> dx) =>
        () => Dispatch(x.Span, dy.Span, dx.Span, 0, 0, 0, forward: false);

    public static Action ForwardPerChannel(Memory<float> x, Memory<float> y, int n, int c, int hw) =>
        () => Dispatch(x.Span, y.Span, default, n, c, hw, forward: true);

    public static Action BackwardPerChannel(Memory<float> x, Memory<float> dy, Memory<float> dx, int n, int c, int hw) =>
        () => Dispatch(x.Span, dy.Span, dx.Span, n, c, hw, forward: false);

    private static float sink;

    private static void Dispatch(Span<float> a, Span<float> b, Span<float> o, int n, int c, int hw, bool forward)
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ro = ref MemoryMarshal.GetReference(o);
        int e = a.Length;
        if (Vector512.IsHardwareAccelerated) Run<Simd512<float>, Vector512<float>>(ref ra, ref rb, ref ro, e, n, c, hw, forward);
        else Run<Simd256<float>, Vector256<float>>(ref ra, ref rb, ref ro, e, n, c, hw, forward);
    }

    private static void Run<V, TV>(ref float a, ref float b, ref float o, int e, int n, int c, int hw, bool forward)
        where V : struct, ISimd<TV, float>
    {
        if (n == 0) { Block<V, TV>(ref a, ref b, ref o, 1, e, 0, forward); return; }
        for (int ci = 0; ci < c; ci++)
        {
            nint start = (nint)ci * hw;
            Block<V, TV>(ref Unsafe.Add(ref a, start), ref Unsafe.Add(ref b, start), ref forward ? ref b : ref Unsafe.Add(ref o, start), n, hw, (nint)c * hw, forward);
        }
    }

    /// <summary>rows rows of len floats, stride apart: sweep 1 sums (and, backward, sums products), sweep 2 writes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<V, TV>(ref float a, ref float b, ref float o, int rows, nint len, nint stride, bool forward)
        where V : struct, ISimd<TV, float>
    {
        TV s0 = V.Zero, s1 = V.Zero, s2 = V.Zero, s3 = V.Zero;
        int k = V.Count;
        for (int r = 0; r < rows; r++)
        {
            ref float ra = ref Unsafe.Add(ref a, r * stride);
            ref float rb = ref Unsafe.Add(ref b, r * stride);
            if (forward)
                for (nint i = 0; i <= len - 2 * k; i += 2 * k)
                {
                    TV u = V.Load(ref ra, i), w = V.Load(ref ra, i + k);
                    s0 = V.Add(s0, u); s1 = V.MultiplyAdd(u, u, s1);
                    s2 = V.Add(s2, w); s3 = V.MultiplyAdd(w, w, s3);
                }
            else
                for (nint i = 0; i <= len - k; i += k)
                {
                    TV u = V.Load(ref ra, i), d = V.Load(ref rb, i);
                    s0 = V.Add(s0, d); s1 = V.MultiplyAdd(u, d, s1);
                }
        }
        float m = V.Sum(V.Add(V.Add(s0, s1), V.Add(s2, s3))) * 1e-30f;
        TV p = V.Splat(1 + m), q = V.Splat(m);
        for (int r = 0; r < rows; r++)
        {
            ref float ra = ref Unsafe.Add(ref a, r * stride);
            ref float rb = ref Unsafe.Add(ref b, r * stride);
            ref float ro = ref Unsafe.Add(ref o, r * stride);
            if (forward)
                for (nint i = 0; i <= len - k; i += k)
                    V.Store(V.MultiplyAdd(V.Load(ref ra, i), p, q), ref rb, i);
            else
                for (nint i = 0; i <= len - k; i += k)
                    V.Store(V.MultiplyAdd(V.Load(ref ra, i), q, V.MultiplyAdd(V.Load(ref rb, i), p, q)), ref ro, i);
        }
        sink += m;
    }
}
