using Xunit.Abstractions;

namespace NormGen.Tests.Properties;

/// <summary>
/// Claim 2: scaling a layer's input data x by lambda > 0 leaves BatchNorm, LayerNorm and CosineNorm unchanged (their
/// gradient with respect to x scales by 1/lambda, their parameter gradients are unchanged), and does not leave
/// WeightNorm unchanged: a weight-normalized linear layer's output z = x w^T scales by lambda.
/// </summary>
public sealed class DataScaleInvarianceTests(ITestOutputHelper output)
{
    /// <summary>BatchNorm1d (training) and LayerNorm fed x directly, eps = 0: y(lambda x) = y(x), lambda dx(lambda x) = dx(x).</summary>
    [Theory]
    [InlineData("BatchNorm1d")]
    [InlineData("LayerNorm")]
    public void StatNorm_is_invariant_to_scaling_its_input_with_eps_zero(string layer)
    {
        var norm = StatNorm.Named(layer);
        Measured.Check(output, $"{layer} data scale, eps = 0", Cases.Direct, (c, m) =>
        {
            var at = norm.Run(c.N, c.C, c.X, c.Gamma, c.Beta, c.Dy, eps: 0);
            var scaled = norm.Run(c.N, c.C, Dense.Scale(c.X, c.Lambda), c.Gamma, c.Beta, c.Dy, eps: 0);

            double kappa = norm.Conditioning(c.N, c.C, c.X);
            double tolerance = Exactness.Tolerance(kappa);
            double[] dxTerms = norm.GradientMagnitude(c.N, c.C, c.X, c.Gamma, c.Dy, eps: 0);
            var (dgammaScale, dbetaScale) = norm.ParameterGradientMagnitude(c.N, c.C, c.X, c.Dy, eps: 0);
            double yDev = Dense.AssertRelative(at.Y, scaled.Y, tolerance, "y");
            m.Max("kappa", kappa);
            m.Max("y deviation", yDev);
            m.Max("y deviation / kappa", yDev / kappa);
            double dxDeviation = Dense.AssertRelative(at.DInput, Dense.Scale(scaled.DInput, c.Lambda), tolerance,
                                                      "lambda * dx(lambda x) vs dx(x)", Dense.MaxAbs(dxTerms));
            m.Max("lambda dx deviation", dxDeviation);
            m.Max("lambda dx deviation / kappa", dxDeviation / kappa);
            m.Max("dgamma deviation", Dense.AssertRelative(at.DParams[0], scaled.DParams[0], tolerance, "dgamma", dgammaScale));
            m.Max("dbeta deviation", Dense.AssertRelative(at.DParams[1], scaled.DParams[1], tolerance, "dbeta", dbetaScale));
        });
    }

    /// <summary>CosineNorm: y(lambda x) = y(x), lambda dx(lambda x) = dx(x), dw unchanged. No eps: exact.</summary>
    [Fact]
    public void CosineNorm_is_invariant_to_scaling_its_input()
    {
        Measured.Check(output, "CosineNorm data scale", Cases.Linear, (c, m) =>
        {
            var at = Run.CosineNorm(c.N, c.In, c.Out, c.X, c.W, c.Dy);
            var scaled = Run.CosineNorm(c.N, c.In, c.Out, Dense.Scale(c.X, c.Lambda), c.W, c.Dy);
            double tolerance = Exactness.Tolerance(1);
            var (dxScale, dwScale) = Magnitudes.CosineNorm(c.N, c.In, c.Out, c.X, c.W, c.Dy);
            m.Max("y deviation", Dense.AssertRelative(at.Y, scaled.Y, tolerance, "y", scale: 1));
            m.Max("lambda dx deviation", Dense.AssertRelative(at.DInput, Dense.Scale(scaled.DInput, c.Lambda), tolerance,
                                                              "lambda * dx(lambda x) vs dx(x)", Dense.MaxAbs(dxScale)));
            m.Max("dw deviation", Dense.AssertRelative(at.DParams[0], scaled.DParams[0], tolerance, "dw", Dense.MaxAbs(dwScale)));
        });
    }

    /// <summary>
    /// WeightNorm normalizes the weight, not the data: for z = x w^T with w = g v / |v|, z(lambda x) = lambda z(x), so the
    /// output moves by exactly |lambda - 1| relative to its size; and, with dw = dz^T x, dv and dg scale by lambda.
    /// </summary>
    [Fact]
    public void WeightNorm_is_not_invariant_to_scaling_its_input_data()
    {
        Measured.Check(output, "WeightNorm data scale", Cases.Linear, (c, m) =>
        {
            double[] xScaled = Dense.Scale(c.X, c.Lambda);
            double[] dw = Dense.WeightGradient(c.N, c.In, c.Out, c.X, c.Dy);
            double[] dwScaled = Dense.WeightGradient(c.N, c.In, c.Out, xScaled, c.Dy);
            var at = Run.WeightNorm(c.Out, c.In, c.W, c.Gamma, dw);
            var scaled = Run.WeightNorm(c.Out, c.In, c.W, c.Gamma, dwScaled);
            double[] z = Dense.Forward(c.N, c.In, c.Out, c.X, at.Y);
            double[] zScaled = Dense.Forward(c.N, c.In, c.Out, xScaled, scaled.Y);

            double change = Dense.RelativeDeviation(z, zScaled), expected = Math.Abs(c.Lambda - 1);
            Assert.True(Math.Abs(change - expected) <= Exactness.Tolerance(1) * Math.Max(1, c.Lambda),
                        $"z(lambda x) should differ from z(x) by |lambda - 1| = {expected:R} of max |z|, differs by {change:R}.");
            m.Max("relative change of z", change);
            m.Max("|relative change of z - |lambda - 1||", Math.Abs(change - expected));
            m.Max("z(lambda x) vs lambda z(x)", Dense.AssertRelative(Dense.Scale(z, c.Lambda), zScaled, Exactness.Tolerance(1), "z(lambda x) vs lambda z(x)"));
            var (dvScale, dgScale) = Magnitudes.WeightNorm(c.Out, c.In, c.W, c.Gamma, dw);
            m.Max("dv(lambda x) vs lambda dv(x)", Dense.AssertRelative(Dense.Scale(at.DInput, c.Lambda), scaled.DInput, Exactness.Tolerance(1),
                                                                       "dv(lambda x) vs lambda dv(x)", c.Lambda * Dense.MaxAbs(dvScale)));
            m.Max("dg(lambda x) vs lambda dg(x)", Dense.AssertRelative(Dense.Scale(at.DParams[0], c.Lambda), scaled.DParams[0], Exactness.Tolerance(1),
                                                                       "dg(lambda x) vs lambda dg(x)", c.Lambda * Dense.MaxAbs(dgScale)));
        });
    }
}
