using System.Globalization;
using CsCheck;

namespace NormGen.Tests.Properties;

/// <summary>
/// A normalization fed by a linear layer: x [n, i] (entries uniform in [-s, s]), W [o, i] (uniform in [-1, 1]), per-o
/// gamma (magnitude uniform in [0.25, 2], either sign) and beta (uniform in [-2, 2]), an upstream gradient dy [n, o]
/// (uniform in [-1, 1]) and a scale lambda > 0.
/// i >= 2: with one input feature a scale-invariant layer's weight gradient is identically zero and a relative comparison
/// says nothing.
/// </summary>
public sealed record DenseCase(int N, int In, int Out, double S, double Lambda,
                               double[] X, double[] W, double[] Gamma, double[] Beta, double[] Dy)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={N}, i={In}, o={Out}, data scale s={S:G4}, lambda={Lambda:G6}");
}

/// <summary>A normalization fed directly: x [n, c] = s * (u + m) with u uniform in [-1, 1] and offset m in [-2, 2].</summary>
public sealed record DataCase(int N, int C, double S, double M, double Lambda,
                              double[] X, double[] Gamma, double[] Beta, double[] Dy)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={N}, c={C}, data scale s={S:G4}, offset m={M:G4}, lambda={Lambda:G6}");
}

public static class Cases
{
    /// <summary>Iterations per property. Each case is a few hundred elements; 1000 of them take well under a second.</summary>
    public const long Iterations = 1000;

    /// <summary>
    /// Cases whose rows or columns are nearly constant (max |z| / std above this) are skipped: there the normalized
    /// output is ill-conditioned and, at the limit, 0/0.
    /// </summary>
    public const double MaxConditioning = 1e3;

    /// <summary>
    /// Uniform in [low, high). Not CsCheck's Gen.Double[low, high], which (sampled for [-1, 1]) draws about a fifth of its
    /// values as exact zeros, a fifth as nonzero magnitudes below 1e-6 (some below 1e-80) and a twelfth at the ends: for
    /// these properties that mostly makes degenerate layers (a zero gamma, a zero row) and lambda = 10^0 = 1.
    /// </summary>
    public static Gen<double> Uniform(double low, double high) => Gen.Double.Unit.Select(u => low + (high - low) * u);

    /// <summary>10^u with u uniform in [log10 low, log10 high).</summary>
    public static Gen<double> LogUniform(double low, double high) =>
        Uniform(Math.Log10(low), Math.Log10(high)).Select(e => Math.Pow(10, e));

    /// <summary>A gain bounded away from zero: uniform magnitude in [0.25, 2), either sign.</summary>
    public static readonly Gen<double> Gain = Gen.Select(Gen.Bool, Uniform(0.25, 2), (negative, g) => negative ? -g : g);

    /// <summary>The weight scales: lambda log-uniform in [1e-3, 1e3].</summary>
    public static readonly Gen<double> Lambda = LogUniform(1e-3, 1e3);

    /// <summary>Sizes up to 40 along o cover one and several 512-bit vectors of float64 plus a scalar tail.</summary>
    public static readonly Gen<DenseCase> Linear =
        from n in Gen.Int[2, 12]
        from i in Gen.Int[2, 16]
        from o in Gen.Int[2, 40]
        from s in LogUniform(1e-2, 1e2)
        from lambda in Lambda
        from x in Uniform(-1, 1).Array[n * i]
        from w in Uniform(-1, 1).Array[o * i]
        from gamma in Gain.Array[o]
        from beta in Uniform(-2, 2).Array[o]
        from dy in Uniform(-1, 1).Array[n * o]
        select new DenseCase(n, i, o, s, lambda, Dense.Scale(x, s), w, gamma, beta, dy) into c
        where StatNorm.WellConditioned(c.N, c.Out, Dense.Forward(c.N, c.In, c.Out, c.X, c.W), MaxConditioning)
        select c;

    public static readonly Gen<DataCase> Direct =
        from n in Gen.Int[2, 12]
        from c in Gen.Int[2, 40]
        from s in LogUniform(1e-2, 1e2)
        from m in Uniform(-2, 2)
        from lambda in Lambda
        from u in Uniform(-1, 1).Array[n * c]
        from gamma in Gain.Array[c]
        from beta in Uniform(-2, 2).Array[c]
        from dy in Uniform(-1, 1).Array[n * c]
        select new DataCase(n, c, s, m, lambda, Array.ConvertAll(u, v => s * (v + m)), gamma, beta, dy) into d
        where StatNorm.WellConditioned(d.N, d.C, d.X, MaxConditioning)
        select d;
}
