using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// RMSNorm over the last axis, best-effort hand-written Vector256 C#. Forward: one reduction sweep
/// (sum of squares, 4 accumulators), one elementwise sweep. Backward, two sweeps as for LayerNorm: a fused
/// sweep for sum(dy*gamma*x) and dgamma += dy*x*rstd, then dx = rstd*gamma*dy - c*x.
/// </summary>
public static class RmsNormSimd
{
    private const int W = Vec.Width;

    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> y, Span<float> rstd, float eps)
    {
        RmsNormChecks.Forward(rows, features, x, gamma, y, rstd);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float g = ref MemoryMarshal.GetReference(gamma);
        nuint d = (nuint)features;
        float inv = 1f / features;
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, (nuint)r * d);
            ref float yr = ref Unsafe.Add(ref y0, (nuint)r * d);
            float rs = 1f / MathF.Sqrt(Vec.SumOfSquares(ref xr, d) * inv + eps);
            rstd[r] = rs;
            var vrs = Vector256.Create(rs);
            nuint j = 0;
            for (; j + 4 * W <= d; j += 4 * W)
            {
                (Vector256.LoadUnsafe(ref xr, j) * vrs * Vector256.LoadUnsafe(ref g, j)).StoreUnsafe(ref yr, j);
                (Vector256.LoadUnsafe(ref xr, j + W) * vrs * Vector256.LoadUnsafe(ref g, j + W)).StoreUnsafe(ref yr, j + W);
                (Vector256.LoadUnsafe(ref xr, j + 2 * W) * vrs * Vector256.LoadUnsafe(ref g, j + 2 * W)).StoreUnsafe(ref yr, j + 2 * W);
                (Vector256.LoadUnsafe(ref xr, j + 3 * W) * vrs * Vector256.LoadUnsafe(ref g, j + 3 * W)).StoreUnsafe(ref yr, j + 3 * W);
            }
            for (; j + W <= d; j += W)
                (Vector256.LoadUnsafe(ref xr, j) * vrs * Vector256.LoadUnsafe(ref g, j)).StoreUnsafe(ref yr, j);
            for (; j < d; j++)
                Unsafe.Add(ref yr, j) = Unsafe.Add(ref xr, j) * rs * Unsafe.Add(ref g, j);
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma)
    {
        RmsNormChecks.Backward(rows, features, dy, x, gamma, rstd, dx, dgamma);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        ref float g = ref MemoryMarshal.GetReference(gamma);
        ref float dg = ref MemoryMarshal.GetReference(dgamma);
        nuint d = (nuint)features;
        float inv = 1f / features;
        for (int r = 0; r < rows; r++)
        {
            ref float dyr = ref Unsafe.Add(ref dy0, (nuint)r * d);
            ref float xr = ref Unsafe.Add(ref x0, (nuint)r * d);
            ref float dxr = ref Unsafe.Add(ref dx0, (nuint)r * d);
            float rs = rstd[r];
            var vrs = Vector256.Create(rs);

            // Sweep 1 (fused): sum(dy*gamma*x), dgamma += dy*x*rstd.
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            nuint j = 0;
            for (; j + 2 * W <= d; j += 2 * W)
            {
                var dyx0 = Vector256.LoadUnsafe(ref dyr, j) * Vector256.LoadUnsafe(ref xr, j);
                var dyx1 = Vector256.LoadUnsafe(ref dyr, j + W) * Vector256.LoadUnsafe(ref xr, j + W);
                s0 = Vector256.FusedMultiplyAdd(dyx0, Vector256.LoadUnsafe(ref g, j), s0);
                s1 = Vector256.FusedMultiplyAdd(dyx1, Vector256.LoadUnsafe(ref g, j + W), s1);
                Vector256.FusedMultiplyAdd(dyx0, vrs, Vector256.LoadUnsafe(ref dg, j)).StoreUnsafe(ref dg, j);
                Vector256.FusedMultiplyAdd(dyx1, vrs, Vector256.LoadUnsafe(ref dg, j + W)).StoreUnsafe(ref dg, j + W);
            }
            for (; j + W <= d; j += W)
            {
                var dyx0 = Vector256.LoadUnsafe(ref dyr, j) * Vector256.LoadUnsafe(ref xr, j);
                s0 = Vector256.FusedMultiplyAdd(dyx0, Vector256.LoadUnsafe(ref g, j), s0);
                Vector256.FusedMultiplyAdd(dyx0, vrs, Vector256.LoadUnsafe(ref dg, j)).StoreUnsafe(ref dg, j);
            }
            float sumGX = Vector256.Sum(s0 + s1);
            for (; j < d; j++)
            {
                float dyx = Unsafe.Add(ref dyr, j) * Unsafe.Add(ref xr, j);
                sumGX = MathF.FusedMultiplyAdd(dyx, Unsafe.Add(ref g, j), sumGX);
                Unsafe.Add(ref dg, j) = MathF.FusedMultiplyAdd(dyx, rs, Unsafe.Add(ref dg, j));
            }

            // Sweep 2: dx = dy * (gamma*rs) - x * c, c = rs^3 * mean(g*x).
            float c = rs * rs * rs * sumGX * inv;
            var vnc = Vector256.Create(-c);
            j = 0;
            for (; j + 2 * W <= d; j += 2 * W)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, j), Vector256.LoadUnsafe(ref g, j) * vrs,
                    Vector256.LoadUnsafe(ref xr, j) * vnc).StoreUnsafe(ref dxr, j);
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, j + W), Vector256.LoadUnsafe(ref g, j + W) * vrs,
                    Vector256.LoadUnsafe(ref xr, j + W) * vnc).StoreUnsafe(ref dxr, j + W);
            }
            for (; j + W <= d; j += W)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, j), Vector256.LoadUnsafe(ref g, j) * vrs,
                    Vector256.LoadUnsafe(ref xr, j) * vnc).StoreUnsafe(ref dxr, j);
            }
            for (; j < d; j++)
                Unsafe.Add(ref dxr, j) = MathF.FusedMultiplyAdd(Unsafe.Add(ref dyr, j), Unsafe.Add(ref g, j) * rs, Unsafe.Add(ref xr, j) * -c);
        }
    }
}
