using Xunit.Abstractions;

namespace NormGen.Tests.Properties;

/// <summary>
/// Claim 1 on the generated float32 kernels (z = x W^T still computed in float64, then rounded to float32 on the way in):
/// the invariance holds to float32 rounding, about 2^-24 = 6e-8 times the conditioning. eps = 0 for BatchNorm and LayerNorm.
/// </summary>
public sealed class Float32Tests(ITestOutputHelper output)
{
    /// <summary>
    /// Relative tolerance in float32: rounding only, scaled by the conditioning. The largest deviation seen in 15 runs of
    /// 1000 cases was 1.9e-6 kappa (about 30 float32 ulps times kappa).
    /// </summary>
    static double Tolerance(double kappa) => 3e-5 * kappa;

    [Theory]
    [InlineData("BatchNorm1d")]
    [InlineData("LayerNorm")]
    [InlineData("WeightNorm")]
    [InlineData("CosineNorm")]
    public void Float32_kernels_are_invariant_to_scaling_the_weights_to_rounding(string layer)
    {
        Measured.Check(output, $"{layer} weight scale, float32", Cases.Linear, (c, m) =>
        {
            double[] wScaled = Dense.Scale(c.W, c.Lambda);
            double[] y, yScaled, dW, dWScaled;
            double kappa = 1, dWScale;
            switch (layer)
            {
                case "WeightNorm":
                {
                    double[] dw = Dense.WeightGradient(c.N, c.In, c.Out, c.X, c.Dy);
                    var at = Run.Single.WeightNorm(c.Out, c.In, c.W, c.Gamma, dw);
                    var scaled = Run.Single.WeightNorm(c.Out, c.In, wScaled, c.Gamma, dw);
                    (y, yScaled, dW, dWScaled) = (at.Y, scaled.Y, at.DInput, scaled.DInput);
                    dWScale = Dense.MaxAbs(Magnitudes.WeightNorm(c.Out, c.In, c.W, c.Gamma, dw).Dv);
                    break;
                }
                case "CosineNorm":
                {
                    var at = Run.Single.CosineNorm(c.N, c.In, c.Out, c.X, c.W, c.Dy);
                    var scaled = Run.Single.CosineNorm(c.N, c.In, c.Out, c.X, wScaled, c.Dy);
                    (y, yScaled, dW, dWScaled) = (at.Y, scaled.Y, at.DParams[0], scaled.DParams[0]);
                    dWScale = Dense.MaxAbs(Magnitudes.CosineNorm(c.N, c.In, c.Out, c.X, c.W, c.Dy).Dw);
                    break;
                }
                default:
                {
                    var norm = StatNorm.Named(layer);
                    double[] z = Dense.Forward(c.N, c.In, c.Out, c.X, c.W), zScaled = Dense.Forward(c.N, c.In, c.Out, c.X, wScaled);
                    var at = norm.RunSingle(c.N, c.Out, z, c.Gamma, c.Beta, c.Dy, eps: 0);
                    var scaled = norm.RunSingle(c.N, c.Out, zScaled, c.Gamma, c.Beta, c.Dy, eps: 0);
                    (y, yScaled) = (at.Y, scaled.Y);
                    dW = Dense.WeightGradient(c.N, c.In, c.Out, c.X, at.DInput);
                    dWScaled = Dense.WeightGradient(c.N, c.In, c.Out, c.X, scaled.DInput);
                    kappa = norm.Conditioning(c.N, c.Out, z);
                    dWScale = Dense.MaxAbs(Dense.AbsTransposeProduct(c.N, c.Out, c.In, norm.GradientMagnitude(c.N, c.Out, z, c.Gamma, c.Dy, eps: 0), c.X));
                    break;
                }
            }
            double yDev = Dense.AssertRelative(y, yScaled, Tolerance(kappa), "y", layer == "CosineNorm" ? 1 : null);
            double dWDev = Dense.AssertRelative(dW, Dense.Scale(dWScaled, c.Lambda), Tolerance(kappa), "lambda * dW(lambda W) vs dW(W)", dWScale);
            m.Max("y deviation", yDev);
            m.Max("y deviation / kappa", yDev / kappa);
            m.Max("lambda dW deviation", dWDev);
            m.Max("lambda dW deviation / kappa", dWDev / kappa);
        });
    }
}
