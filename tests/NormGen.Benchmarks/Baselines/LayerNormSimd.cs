using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// LayerNorm over the last axis, best-effort hand-written Vector256 C#.
/// Forward, per row: sum (4 accumulators) -> mean; sum of squared deviations over the row, still in L1
/// (two-pass, numerically stable) -> rstd; then one FMA sweep y = (x*rstd - mean*rstd) * gamma + beta.
/// Backward, per row, exactly ATen's CPU kernel (layer_norm_kernel.cpp): one fused sweep computes
/// db = sum(dy*gamma), ds = sum(dy*gamma*x) and accumulates dgamma += dy*xhat, dbeta += dy; one elementwise
/// sweep dx = rstd*gamma*dy + b*x + c.
/// </summary>
public static class LayerNormSimd
{
    private const int W = Vec.Width;

    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, Span<float> mean, Span<float> rstd, float eps)
    {
        LayerNormChecks.Forward(rows, features, x, gamma, beta, y, mean, rstd);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float g = ref MemoryMarshal.GetReference(gamma);
        ref float b = ref MemoryMarshal.GetReference(beta);
        nuint d = (nuint)features;
        float inv = 1f / features;
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x0, (nuint)r * d);
            ref float yr = ref Unsafe.Add(ref y0, (nuint)r * d);
            float mu = Vec.Sum(ref xr, d) * inv;
            float rs = 1f / MathF.Sqrt(Vec.SumSquaredDeviations(ref xr, d, mu) * inv + eps);
            mean[r] = mu;
            rstd[r] = rs;

            // y = (x * rs + (-mu * rs)) * gamma + beta: two FMAs per vector.
            var vrs = Vector256.Create(rs);
            var vsh = Vector256.Create(-mu * rs);
            nuint j = 0;
            for (; j + 2 * W <= d; j += 2 * W)
            {
                var h0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, j), vrs, vsh);
                var h1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, j + W), vrs, vsh);
                Vector256.FusedMultiplyAdd(h0, Vector256.LoadUnsafe(ref g, j), Vector256.LoadUnsafe(ref b, j)).StoreUnsafe(ref yr, j);
                Vector256.FusedMultiplyAdd(h1, Vector256.LoadUnsafe(ref g, j + W), Vector256.LoadUnsafe(ref b, j + W)).StoreUnsafe(ref yr, j + W);
            }
            for (; j + W <= d; j += W)
            {
                var h = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, j), vrs, vsh);
                Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref g, j), Vector256.LoadUnsafe(ref b, j)).StoreUnsafe(ref yr, j);
            }
            for (; j < d; j++)
            {
                float h = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, j), rs, -mu * rs);
                Unsafe.Add(ref yr, j) = MathF.FusedMultiplyAdd(h, Unsafe.Add(ref g, j), Unsafe.Add(ref b, j));
            }
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        LayerNormChecks.Backward(rows, features, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        ref float g = ref MemoryMarshal.GetReference(gamma);
        ref float dg = ref MemoryMarshal.GetReference(dgamma);
        ref float db = ref MemoryMarshal.GetReference(dbeta);
        nuint d = (nuint)features;
        float scale = 1f / features;
        for (int r = 0; r < rows; r++)
        {
            ref float dyr = ref Unsafe.Add(ref dy0, (nuint)r * d);
            ref float xr = ref Unsafe.Add(ref x0, (nuint)r * d);
            ref float dxr = ref Unsafe.Add(ref dx0, (nuint)r * d);
            float mu = mean[r], rs = rstd[r];

            // Sweep 1 (fused): sums of dy*gamma and dy*gamma*x, and dgamma += dy*xhat, dbeta += dy.
            var vrs = Vector256.Create(rs);
            var vsh = Vector256.Create(-mu * rs);
            var sumG0 = Vector256<float>.Zero;
            var sumG1 = Vector256<float>.Zero;
            var sumGX0 = Vector256<float>.Zero;
            var sumGX1 = Vector256<float>.Zero;
            nuint j = 0;
            for (; j + 2 * W <= d; j += 2 * W)
            {
                var dy_0 = Vector256.LoadUnsafe(ref dyr, j);
                var dy_1 = Vector256.LoadUnsafe(ref dyr, j + W);
                var x_0 = Vector256.LoadUnsafe(ref xr, j);
                var x_1 = Vector256.LoadUnsafe(ref xr, j + W);
                var g0 = dy_0 * Vector256.LoadUnsafe(ref g, j);
                var g1 = dy_1 * Vector256.LoadUnsafe(ref g, j + W);
                sumG0 += g0;
                sumG1 += g1;
                sumGX0 = Vector256.FusedMultiplyAdd(g0, x_0, sumGX0);
                sumGX1 = Vector256.FusedMultiplyAdd(g1, x_1, sumGX1);
                Vector256.FusedMultiplyAdd(dy_0, Vector256.FusedMultiplyAdd(x_0, vrs, vsh), Vector256.LoadUnsafe(ref dg, j)).StoreUnsafe(ref dg, j);
                Vector256.FusedMultiplyAdd(dy_1, Vector256.FusedMultiplyAdd(x_1, vrs, vsh), Vector256.LoadUnsafe(ref dg, j + W)).StoreUnsafe(ref dg, j + W);
                (Vector256.LoadUnsafe(ref db, j) + dy_0).StoreUnsafe(ref db, j);
                (Vector256.LoadUnsafe(ref db, j + W) + dy_1).StoreUnsafe(ref db, j + W);
            }
            for (; j + W <= d; j += W)
            {
                var dy_0 = Vector256.LoadUnsafe(ref dyr, j);
                var x_0 = Vector256.LoadUnsafe(ref xr, j);
                var g0 = dy_0 * Vector256.LoadUnsafe(ref g, j);
                sumG0 += g0;
                sumGX0 = Vector256.FusedMultiplyAdd(g0, x_0, sumGX0);
                Vector256.FusedMultiplyAdd(dy_0, Vector256.FusedMultiplyAdd(x_0, vrs, vsh), Vector256.LoadUnsafe(ref dg, j)).StoreUnsafe(ref dg, j);
                (Vector256.LoadUnsafe(ref db, j) + dy_0).StoreUnsafe(ref db, j);
            }
            float sumG = Vector256.Sum(sumG0 + sumG1);
            float sumGX = Vector256.Sum(sumGX0 + sumGX1);
            for (; j < d; j++)
            {
                float dyj = Unsafe.Add(ref dyr, j), xj = Unsafe.Add(ref xr, j);
                float gj = dyj * Unsafe.Add(ref g, j);
                sumG += gj;
                sumGX = MathF.FusedMultiplyAdd(gj, xj, sumGX);
                Unsafe.Add(ref dg, j) = MathF.FusedMultiplyAdd(dyj, MathF.FusedMultiplyAdd(xj, rs, -mu * rs), Unsafe.Add(ref dg, j));
                Unsafe.Add(ref db, j) += dyj;
            }

            // Sweep 2 (elementwise): dx = rs * gamma * dy + b * x + c, ATen's coefficients.
            float bcoef = (sumG * mu - sumGX) * rs * rs * rs * scale;
            float ccoef = -bcoef * mu - sumG * rs * scale;
            var vb = Vector256.Create(bcoef);
            var vc = Vector256.Create(ccoef);
            j = 0;
            for (; j + 2 * W <= d; j += 2 * W)
            {
                var a0 = Vector256.LoadUnsafe(ref g, j) * vrs;
                var a1 = Vector256.LoadUnsafe(ref g, j + W) * vrs;
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, j), a0,
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, j), vb, vc)).StoreUnsafe(ref dxr, j);
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, j + W), a1,
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, j + W), vb, vc)).StoreUnsafe(ref dxr, j + W);
            }
            for (; j + W <= d; j += W)
            {
                var a0 = Vector256.LoadUnsafe(ref g, j) * vrs;
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dyr, j), a0,
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, j), vb, vc)).StoreUnsafe(ref dxr, j);
            }
            for (; j < d; j++)
            {
                Unsafe.Add(ref dxr, j) = MathF.FusedMultiplyAdd(Unsafe.Add(ref dyr, j), Unsafe.Add(ref g, j) * rs,
                    MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, j), bcoef, ccoef));
            }
        }
    }
}
