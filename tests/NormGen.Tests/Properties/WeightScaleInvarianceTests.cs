using Xunit.Abstractions;

namespace NormGen.Tests.Properties;

/// <summary>
/// Claim 1: for a normalization fed by z = W x, scaling W by lambda > 0 leaves the output unchanged and scales the
/// gradient with respect to W by 1/lambda, on the generated float64 kernels. BatchNorm and LayerNorm are checked with
/// eps = 0, where the claim is exact; <see cref="EpsilonTests"/> measures what eps > 0 changes.
/// </summary>
public sealed class WeightScaleInvarianceTests(ITestOutputHelper output)
{
    /// <summary>
    /// BatchNorm1d (training, batch statistics) and LayerNorm on z = x W^T: y(lambda W) = y(W),
    /// lambda dW(lambda W) = dW(W) with dW = dz^T x and dz the generated backward's dx, and the gamma and beta
    /// gradients unchanged.
    /// </summary>
    [Theory]
    [InlineData("BatchNorm1d")]
    [InlineData("LayerNorm")]
    public void StatNorm_fed_by_Wx_is_invariant_to_scaling_W_with_eps_zero(string layer)
    {
        var norm = StatNorm.Named(layer);
        Measured.Check(output, $"{layer} weight scale, eps = 0", Cases.Linear, (c, m) =>
        {
            double[] z = Dense.Forward(c.N, c.In, c.Out, c.X, c.W);
            double[] zScaled = Dense.Forward(c.N, c.In, c.Out, c.X, Dense.Scale(c.W, c.Lambda));
            var at = norm.Run(c.N, c.Out, z, c.Gamma, c.Beta, c.Dy, eps: 0);
            var scaled = norm.Run(c.N, c.Out, zScaled, c.Gamma, c.Beta, c.Dy, eps: 0);
            double[] dW = Dense.WeightGradient(c.N, c.In, c.Out, c.X, at.DInput);
            double[] lambdaDW = Dense.Scale(Dense.WeightGradient(c.N, c.In, c.Out, c.X, scaled.DInput), c.Lambda);

            double kappa = norm.Conditioning(c.N, c.Out, z);
            double tolerance = Exactness.Tolerance(kappa);
            double[] dzTerms = norm.GradientMagnitude(c.N, c.Out, z, c.Gamma, c.Dy, eps: 0);
            double dWScale = Dense.MaxAbs(Dense.AbsTransposeProduct(c.N, c.Out, c.In, dzTerms, c.X));
            var (dgammaScale, dbetaScale) = norm.ParameterGradientMagnitude(c.N, c.Out, z, c.Dy, eps: 0);
            double yDeviation = Dense.AssertRelative(at.Y, scaled.Y, tolerance, "y");
            double dWDeviation = Dense.AssertRelative(dW, lambdaDW, tolerance, "lambda * dW(lambda W) vs dW(W)", dWScale);
            m.Max("kappa", kappa);
            m.Max("y deviation", yDeviation);
            m.Max("y deviation / kappa", yDeviation / kappa);
            m.Max("lambda dW deviation", dWDeviation);
            m.Max("lambda dW deviation / kappa", dWDeviation / kappa);
            double dzDeviation = Dense.AssertRelative(at.DInput, Dense.Scale(scaled.DInput, c.Lambda), tolerance,
                                                      "lambda * dz(lambda W) vs dz(W)", Dense.MaxAbs(dzTerms));
            m.Max("lambda dz deviation", dzDeviation);
            m.Max("lambda dz deviation / kappa", dzDeviation / kappa);
            m.Max("dgamma deviation", Dense.AssertRelative(at.DParams[0], scaled.DParams[0], tolerance, "dgamma", dgammaScale));
            m.Max("dbeta deviation", Dense.AssertRelative(at.DParams[1], scaled.DParams[1], tolerance, "dbeta", dbetaScale));
        });
    }

    /// <summary>
    /// WeightNorm, where W is the direction v itself: w = g v / |v| and the layer output z = x w^T are unchanged by
    /// v -> lambda v, lambda dv(lambda v) = dv(v) for the upstream dw = dz^T x, and dg is unchanged. No eps: exact.
    /// </summary>
    [Fact]
    public void WeightNorm_is_invariant_to_scaling_its_direction()
    {
        Measured.Check(output, "WeightNorm direction scale", Cases.Linear, (c, m) =>
        {
            double[] dw = Dense.WeightGradient(c.N, c.In, c.Out, c.X, c.Dy);
            var at = Run.WeightNorm(c.Out, c.In, c.W, c.Gamma, dw);
            var scaled = Run.WeightNorm(c.Out, c.In, Dense.Scale(c.W, c.Lambda), c.Gamma, dw);
            double tolerance = Exactness.Tolerance(1);
            var (dvScale, dgScale) = Magnitudes.WeightNorm(c.Out, c.In, c.W, c.Gamma, dw);
            m.Max("w deviation", Dense.AssertRelative(at.Y, scaled.Y, tolerance, "w = g v / |v|"));
            m.Max("z deviation", Dense.AssertRelative(Dense.Forward(c.N, c.In, c.Out, c.X, at.Y),
                                                      Dense.Forward(c.N, c.In, c.Out, c.X, scaled.Y), tolerance, "z = x w^T"));
            m.Max("lambda dv deviation", Dense.AssertRelative(at.DInput, Dense.Scale(scaled.DInput, c.Lambda), tolerance,
                                                              "lambda * dv(lambda v) vs dv(v)", Dense.MaxAbs(dvScale)));
            m.Max("dg deviation", Dense.AssertRelative(at.DParams[0], scaled.DParams[0], tolerance, "dg", Dense.MaxAbs(dgScale)));
        });
    }

    /// <summary>
    /// CosineNorm with W = w: y = (x . w) / (|x| |w|) is unchanged by w -> lambda w, lambda dw(lambda w) = dw(w), and
    /// dx is unchanged. No eps: exact.
    /// </summary>
    [Fact]
    public void CosineNorm_is_invariant_to_scaling_its_weight()
    {
        Measured.Check(output, "CosineNorm weight scale", Cases.Linear, (c, m) =>
        {
            var at = Run.CosineNorm(c.N, c.In, c.Out, c.X, c.W, c.Dy);
            var scaled = Run.CosineNorm(c.N, c.In, c.Out, c.X, Dense.Scale(c.W, c.Lambda), c.Dy);
            double tolerance = Exactness.Tolerance(1);
            var (dxScale, dwScale) = Magnitudes.CosineNorm(c.N, c.In, c.Out, c.X, c.W, c.Dy);
            m.Max("y deviation", Dense.AssertRelative(at.Y, scaled.Y, tolerance, "y", scale: 1));
            m.Max("lambda dw deviation", Dense.AssertRelative(at.DParams[0], Dense.Scale(scaled.DParams[0], c.Lambda), tolerance,
                                                              "lambda * dw(lambda w) vs dw(w)", Dense.MaxAbs(dwScale)));
            m.Max("dx deviation", Dense.AssertRelative(at.DInput, scaled.DInput, tolerance, "dx", Dense.MaxAbs(dxScale)));
        });
    }
}
