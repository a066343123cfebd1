using Xunit.Abstractions;

namespace NormGen.Tests.Properties;

/// <summary>
/// Claim 3: BatchNorm and LayerNorm add eps inside the square root, which breaks the scale invariances of claims 1 and 2.
/// Feeding lambda z with eps is exactly feeding z with eps / lambda^2, so, per group (LayerNorm row, BatchNorm channel)
/// with biased variance var of the unscaled z:
/// <code>
///   y(lambda z) - beta = r (y(z) - beta),   r = sqrt((var + eps) / (var + eps / lambda^2))
///   relative change of y - beta:  |r - 1| = eps |1 - lambda^-2| / ((var + eps / lambda^2) (1 + r))
///                                         &lt;= eps |1 - lambda^-2| / (2 var)   (equality to first order in eps / var)
///                                         &lt;= 1 / (2 K)   when var >= K eps and lambda^2 var >= K eps
///   gradient: lambda dz(lambda z) - dz(z) = (r - 1) A - (r^3 - 1) B      (A, B: StatNorm.BackwardTerms)
///             |lambda dz(lambda z) - dz(z)| &lt;= |r - 1| (|A| + (r^2 + r + 1) |B|) &lt;= |r - 1| (r^2 + r + 1) (|A| + |B|)
/// </code>
/// The bound on |r - 1|: (var + eps / lambda^2)(1 + r) >= 2 var, since for lambda >= 1 r >= 1, and for lambda &lt; 1,
/// with d = eps / (lambda^2 var), (1 + d)(1 + r) = 1 + d + sqrt((1 + eps / var)(1 + d)) >= 2.
/// </code>
/// These tests check, on the generated float64 kernels with PyTorch's eps = 1e-5, that the kernels deviate by exactly
/// this (to rounding), and record the largest deviation seen. With eps = 0 the deviation is rounding only
/// (<see cref="WeightScaleInvarianceTests"/>, <see cref="DataScaleInvarianceTests"/>).
/// </summary>
public sealed class EpsilonTests(ITestOutputHelper output)
{
    const double Eps = 1e-5;

    /// <summary>K in the well-scaled regime: var >= K eps and lambda^2 var >= K eps in every group.</summary>
    const double WellScaled = 100;

    /// <summary>BatchNorm1d (training) and LayerNorm on z = x W^T, W -> lambda W.</summary>
    [Theory]
    [InlineData("BatchNorm1d")]
    [InlineData("LayerNorm")]
    public void Eps_breaks_weight_scale_invariance_by_the_derived_amount(string layer)
    {
        var norm = StatNorm.Named(layer);
        Measured.Check(output, $"{layer} weight scale, eps = {Eps:G}", Cases.Linear, (c, m) =>
        {
            double[] z = Dense.Forward(c.N, c.In, c.Out, c.X, c.W);
            double[] zScaled = Dense.Forward(c.N, c.In, c.Out, c.X, Dense.Scale(c.W, c.Lambda));
            Check(norm, c.N, c.Out, z, zScaled, c.Gamma, c.Beta, c.Dy, c.Lambda, m, linear: (c.In, c.X));
        });
    }

    /// <summary>BatchNorm1d (training) and LayerNorm fed x directly, x -> lambda x.</summary>
    [Theory]
    [InlineData("BatchNorm1d")]
    [InlineData("LayerNorm")]
    public void Eps_breaks_data_scale_invariance_by_the_derived_amount(string layer)
    {
        var norm = StatNorm.Named(layer);
        Measured.Check(output, $"{layer} data scale, eps = {Eps:G}", Cases.Direct, (c, m) =>
            Check(norm, c.N, c.C, c.X, Dense.Scale(c.X, c.Lambda), c.Gamma, c.Beta, c.Dy, c.Lambda, m, linear: null));
    }

    /// <summary>
    /// Runs the kernels on z and on zScaled (lambda z up to rounding) with eps, and on z with eps / lambda^2, and checks
    /// the deviation against its derivation. <paramref name="linear"/> is (i, x) when z = x W^T, for the weight gradient.
    /// </summary>
    static void Check(StatNorm norm, int n, int o, double[] z, double[] zScaled, double[] gamma, double[] beta, double[] dy,
                      double lambda, Measured m, (int In, double[] X)? linear)
    {
        double equivalentEps = Eps / (lambda * lambda);
        var at = norm.Run(n, o, z, gamma, beta, dy, Eps);
        var scaled = norm.Run(n, o, zScaled, gamma, beta, dy, Eps);
        var equivalent = norm.Run(n, o, z, gamma, beta, dy, equivalentEps);
        double tolerance = Exactness.Tolerance(norm.Conditioning(n, o, z));
        var (_, variance) = norm.Statistics(n, o, z);
        var (a, b) = norm.BackwardTerms(n, o, z, gamma, dy, Eps);
        double[] dzTerms = norm.GradientMagnitude(n, o, z, gamma, dy, Eps);
        double[] dzTermsEquivalent = norm.GradientMagnitude(n, o, z, gamma, dy, equivalentEps);
        double[] dzScaled = Dense.Scale(scaled.DInput, lambda);

        // The kernels obey the identity: lambda z with eps is z with eps / lambda^2, in y and in the gradient.
        m.Max("identity y", Dense.AssertRelative(equivalent.Y, scaled.Y, tolerance, "y(lambda z, eps) vs y(z, eps / lambda^2)"));
        m.Max("identity dz", Dense.AssertRelative(equivalent.DInput, dzScaled, tolerance,
                                                  "lambda dz(lambda z, eps) vs dz(z, eps / lambda^2)", Dense.MaxAbs(dzTermsEquivalent)));


        // y: each group's y - beta is rescaled by r, so it changes by |r - 1| relative, within the bound; dz by (r - 1) A - (r^3 - 1) B.
        double[] predicted = new double[z.Length], centered = new double[z.Length], dzPredicted = new double[z.Length];
        double largestPredicted = 0, largestRatio = 0, gradientBound = 0, change = 0, dzScale = Dense.MaxAbs(dzTerms);
        // Rounding in the scaled gradient is relative to its own terms, up to r^3 times those of dz.
        double dzSlack = tolerance * Math.Max(1, Dense.MaxAbs(dzTermsEquivalent) / dzScale);
        for (int k = 0; k < z.Length; k++)
        {
            int g = norm.GroupOf(o, k);
            // |r - 1| by the closed form: r - 1 itself cancels when r is near 1 (it is off by about an ulp of r).
            double r = StatNorm.Rescale(variance[g], Eps, lambda);
            double deviation = Eps * Math.Abs(1 - 1 / (lambda * lambda)) / ((variance[g] + equivalentEps) * (1 + r));
            double bound = Eps * Math.Abs(1 - 1 / (lambda * lambda)) / (2 * variance[g]);
            Assert.True(Math.Abs(Math.Abs(r - 1) - deviation) <= 1e-12 * deviation + 4e-16 * Math.Max(1, r),
                        $"|r - 1| = {Math.Abs(r - 1):R}, closed form {deviation:R}");
            Assert.True(deviation <= bound * (1 + 1e-12), $"|r - 1| = {deviation:R} above eps |1 - lambda^-2| / (2 var) = {bound:R}");
            largestPredicted = Math.Max(largestPredicted, deviation);
            gradientBound = Math.Max(gradientBound, deviation * (r * r + r + 1));
            if (bound > 0) largestRatio = Math.Max(largestRatio, deviation / bound);
            centered[k] = at.Y[k] - beta[k % o];
            predicted[k] = beta[k % o] + r * centered[k];
            dzPredicted[k] = at.DInput[k] + (r - 1) * a[k] - (r * r * r - 1) * b[k];
            change = Math.Max(change, Math.Abs(scaled.Y[k] - at.Y[k]));
            double dzChange = Math.Abs(dzScaled[k] - at.DInput[k]);
            Assert.True(dzChange <= deviation * (Math.Abs(a[k]) + (r * r + r + 1) * Math.Abs(b[k])) + dzSlack * dzScale,
                        $"dz[{k}] changed by {dzChange:R}, above |r - 1| (|A| + (r^2 + r + 1) |B|)");
        }
        double centeredScale = Dense.MaxAbs(centered);
        m.Max("prediction y", Dense.AssertRelative(predicted, scaled.Y, tolerance, "y(lambda z) vs beta + r (y(z) - beta)", centeredScale));
        m.Max("prediction dz", Dense.AssertRelative(dzPredicted, dzScaled, tolerance, "lambda dz(lambda z) vs dz + (r - 1) A - (r^3 - 1) B",
                                                    Math.Max(dzScale, Dense.MaxAbs(dzTermsEquivalent))));
        double relativeChange = change / centeredScale, relativeDzChange = Dense.RelativeDeviation(at.DInput, dzScaled, dzScale);
        Assert.True(relativeChange <= largestPredicted + tolerance, $"relative change of y {relativeChange:R} above the largest |r - 1| = {largestPredicted:R}");
        Assert.True(relativeDzChange <= gradientBound + dzSlack, $"relative change of dz {relativeDzChange:R} above {gradientBound:R}");
        m.Max("|r - 1| / (eps |1 - lambda^-2| / (2 var))", largestRatio);
        m.Max("relative change of y", relativeChange);
        m.Max("relative change of dz", relativeDzChange);

        // Where every group's variance is at least K eps before and after scaling: |r - 1| <= 1 / (2 K), 0.5 % for K = 100, and
        // the gradient's change relative to its terms is at most |r - 1| (r^2 + r + 1) <= 3.02 / (2 K).
        bool wellScaled = variance.All(v => Math.Min(v, lambda * lambda * v) >= WellScaled * Eps);
        if (wellScaled)
        {
            double yBound = 1 / (2 * WellScaled), dzBound = yBound * (Math.Pow(1 + yBound, 2) + (1 + yBound) + 1);
            Assert.True(relativeChange <= yBound + tolerance, $"relative change of y {relativeChange:R} above {yBound:R} with var, lambda^2 var >= {WellScaled} eps");
            Assert.True(relativeDzChange <= dzBound + dzSlack, $"relative change of dz {relativeDzChange:R} above {dzBound:R} with var, lambda^2 var >= {WellScaled} eps");
            m.Max($"relative change of y where var, lambda^2 var >= {WellScaled} eps", relativeChange);
            m.Max($"relative change of dz where var, lambda^2 var >= {WellScaled} eps", relativeDzChange);
        }

        if (linear is not (int i, double[] x)) return;
        double[] dW = Dense.WeightGradient(n, i, o, x, at.DInput);
        double[] dWScaled = Dense.Scale(Dense.WeightGradient(n, i, o, x, scaled.DInput), lambda);
        m.Max("identity dW", Dense.AssertRelative(Dense.WeightGradient(n, i, o, x, equivalent.DInput), dWScaled, tolerance,
                                                  "lambda dW(lambda W, eps) vs dW(W, eps / lambda^2)",
                                                  Dense.MaxAbs(Dense.AbsTransposeProduct(n, o, i, dzTermsEquivalent, x))));
        double relativeDWChange = Dense.RelativeDeviation(dW, dWScaled, Dense.MaxAbs(Dense.AbsTransposeProduct(n, o, i, dzTerms, x)));
        Assert.True(relativeDWChange <= gradientBound + dzSlack, $"relative change of dW {relativeDWChange:R} above {gradientBound:R}");
        m.Max("relative change of dW", relativeDWChange);
        if (wellScaled) m.Max($"relative change of dW where var, lambda^2 var >= {WellScaled} eps", relativeDWChange);
    }
}
