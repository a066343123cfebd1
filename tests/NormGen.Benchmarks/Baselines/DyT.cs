using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NormGen.Benchmarks.Baselines;

/// <summary>
/// Dynamic Tanh (DyT) over rows of <c>features</c>: y = gamma * tanh(alpha * x) + beta, alpha a constant (the benchmarked
/// layer's). Backward, with t = tanh(alpha * x) recomputed: dx = dy * gamma * alpha * (1 - t^2); dgamma += sum over rows of
/// dy * t; dbeta += sum over rows of dy. Nothing is saved. Three flavours: scalar, hand-written Vector256, TensorPrimitives.
/// </summary>
public static class DyTNaive
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, float alpha)
    {
        DyTChecks.Forward(rows, features, x, gamma, beta, y);
        for (int r = 0; r < rows; r++)
        {
            int o = r * features;
            for (int j = 0; j < features; j++)
                y[o + j] = gamma[j] * MathF.Tanh(alpha * x[o + j]) + beta[j];
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, float alpha)
    {
        DyTChecks.Backward(rows, features, dy, x, gamma, dx, dgamma, dbeta);
        for (int r = 0; r < rows; r++)
        {
            int o = r * features;
            for (int j = 0; j < features; j++)
            {
                float t = MathF.Tanh(alpha * x[o + j]);
                dx[o + j] = dy[o + j] * gamma[j] * alpha * (1 - t * t);
                dgamma[j] += dy[o + j] * t;
                dbeta[j] += dy[o + j];
            }
        }
    }
}

/// <summary>
/// Hand-written Vector256 DyT: tanh(z) = 1 - 2 / (exp(2z) + 1) with .NET's Vector256.Exp (saturates to ±1 where exp
/// overflows or vanishes; absolute error a few float ulps of 1, enough for a baseline). One sweep per row.
/// </summary>
public static class DyTSimd
{
    private const int W = Vec.Width;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> z)
    {
        var one = Vector256.Create(1f);
        return one - Vector256.Create(2f) / (Vector256.Exp(z + z) + one);
    }

    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, float alpha)
    {
        DyTChecks.Forward(rows, features, x, gamma, beta, y);
        ref float px = ref Unsafe.AsRef(in x[0]);
        ref float pg = ref Unsafe.AsRef(in gamma[0]);
        ref float pb = ref Unsafe.AsRef(in beta[0]);
        ref float py = ref y[0];
        var a = Vector256.Create(alpha);
        nuint d = (nuint)features;
        for (nuint o = 0; o < (nuint)rows * d; o += d)
        {
            nuint j = 0;
            for (; j + W <= d; j += W)
            {
                var t = Tanh(a * Vector256.LoadUnsafe(ref px, o + j));
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pg, j), t, Vector256.LoadUnsafe(ref pb, j)).StoreUnsafe(ref py, o + j);
            }
            for (; j < d; j++)
                Unsafe.Add(ref py, o + j) = Unsafe.Add(ref pg, j) * MathF.Tanh(alpha * Unsafe.Add(ref px, o + j)) + Unsafe.Add(ref pb, j);
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, float alpha)
    {
        DyTChecks.Backward(rows, features, dy, x, gamma, dx, dgamma, dbeta);
        ref float pdy = ref Unsafe.AsRef(in dy[0]);
        ref float px = ref Unsafe.AsRef(in x[0]);
        ref float pg = ref Unsafe.AsRef(in gamma[0]);
        ref float pdx = ref dx[0];
        ref float pdg = ref dgamma[0];
        ref float pdb = ref dbeta[0];
        var a = Vector256.Create(alpha);
        var one = Vector256.Create(1f);
        nuint d = (nuint)features;
        for (nuint o = 0; o < (nuint)rows * d; o += d)
        {
            nuint j = 0;
            for (; j + W <= d; j += W)
            {
                var g = Vector256.LoadUnsafe(ref pdy, o + j);
                var t = Tanh(a * Vector256.LoadUnsafe(ref px, o + j));
                (g * Vector256.LoadUnsafe(ref pg, j) * a * Vector256.FusedMultiplyAdd(-t, t, one)).StoreUnsafe(ref pdx, o + j);
                Vector256.FusedMultiplyAdd(g, t, Vector256.LoadUnsafe(ref pdg, j)).StoreUnsafe(ref pdg, j);
                (Vector256.LoadUnsafe(ref pdb, j) + g).StoreUnsafe(ref pdb, j);
            }
            for (; j < d; j++)
            {
                float g = Unsafe.Add(ref pdy, o + j);
                float t = MathF.Tanh(alpha * Unsafe.Add(ref px, o + j));
                Unsafe.Add(ref pdx, o + j) = g * Unsafe.Add(ref pg, j) * alpha * (1 - t * t);
                Unsafe.Add(ref pdg, j) += g * t;
                Unsafe.Add(ref pdb, j) += g;
            }
        }
    }
}

/// <summary>DyT composed of TensorPrimitives calls, row by row (a scratch row for the backward's t).</summary>
public static class DyTTensorPrimitives
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> y, float alpha)
    {
        DyTChecks.Forward(rows, features, x, gamma, beta, y);
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * features, features);
            TP.Multiply(x.Slice(r * features, features), alpha, yr);
            TP.Tanh(yr, yr);
            TP.FusedMultiplyAdd(yr, gamma, beta, yr);
        }
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, float alpha, Span<float> scratch)
    {
        DyTChecks.Backward(rows, features, dy, x, gamma, dx, dgamma, dbeta);
        var t = scratch[..features];
        for (int r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * features, features);
            var dxr = dx.Slice(r * features, features);
            TP.Multiply(x.Slice(r * features, features), alpha, t);
            TP.Tanh(t, t);
            TP.FusedMultiplyAdd(dyr, t, dgamma, dgamma);
            TP.Add(dbeta, dyr, dbeta);
            TP.MultiplyAdd(t, t, -1f, t);          // t^2 - 1
            TP.Multiply(t, dyr, dxr);
            TP.Multiply(dxr, gamma, dxr);
            TP.Multiply(dxr, -alpha, dxr);          // dy * gamma * alpha * (1 - t^2)
        }
    }
}

internal static class DyTChecks
{
    public static void Forward(int rows, int features, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(features, nameof(features));
        Check.Length(x.Length, (long)rows * features, nameof(x));
        Check.Length(gamma.Length, features, nameof(gamma));
        Check.Length(beta.Length, features, nameof(beta));
        Check.Length(y.Length, (long)rows * features, nameof(y));
    }

    public static void Backward(int rows, int features, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        Span<float> dx, Span<float> dgamma, Span<float> dbeta)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(features, nameof(features));
        Check.Length(dy.Length, (long)rows * features, nameof(dy));
        Check.Length(x.Length, (long)rows * features, nameof(x));
        Check.Length(gamma.Length, features, nameof(gamma));
        Check.Length(dx.Length, (long)rows * features, nameof(dx));
        Check.Length(dgamma.Length, features, nameof(dgamma));
        Check.Length(dbeta.Length, features, nameof(dbeta));
    }
}
