using NormGen.Interpretation;
using NormGen.Tests.Support;
using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

/// <summary>DyT over the residual sum, returning the sum: two inputs, two outputs, a learned scalar, Tanh.</summary>
[NormLayer("n d")]
public sealed partial class ResidualDyT
{
    [Formula]
    static (Expr y, Expr h) Forward(Expr x, Expr residual, [Param(Init = 0.5)] Expr alpha, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta)
    {
        var h = x + residual;
        return (gamma * Tanh(alpha * h) + beta, h);
    }
}

/// <summary>A per-sample sigmoid gate on the residual branch, RMS-normalized and scaled per sample: the conditioning input in both outputs.</summary>
[NormLayer("n t d")]
public sealed partial class SigmoidGatedRmsNorm
{
    [Formula]
    static (Expr y, Expr h) Forward(Expr x, Expr residual, [Input("n d")] Expr scale, double eps = 1e-6)
    {
        var h = x + Sigmoid(scale) * residual;
        return (h * Rsqrt(Mean(h * h, "d") + eps) * (1 + scale), h);
    }
}

/// <summary>Three outputs of one row statistic: the normalized sum, the sum, and a bounded Exp of the normalized value.</summary>
[NormLayer("n d")]
public sealed partial class AddLayerNormWithBump
{
    [Formula]
    static (Expr y, Expr h, Expr bump) Forward(Expr x, Expr residual, [Param("d")] Expr gamma, double eps = 1e-5)
    {
        var h = x + residual;
        var z = (h - Mean(h, "d")) * Rsqrt(Var(h, "d") + eps);
        return (z * gamma, h, Exp(-0.5 * z * z));
    }
}

/// <summary>
/// Multi-input, multi-output formulas nobody wrote kernels for, each against the float64 interpreter (double and float
/// kernels: values and every gradient) and against central finite differences of the double kernel's own forward
/// (loss = the sum of each output times a random weight), at widths with and without a vector tail.
/// </summary>
public sealed class UnseenTupleFormulaTests
{
    public static TheoryData<int, int> Shapes() => new() { { 1, 1 }, { 2, 19 }, { 3, 64 }, { 2, 133 } };

    private delegate double[][] Run(IReadOnlyDictionary<string, double[]> inputs, double[][] outputGradients, bool asFloat, out double[][] outputs);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Residual_DyT_matches_the_interpreter_and_finite_differences(int n, int d)
    {
        var rng = new Random(n * 100 + d);
        var inputs = new Dictionary<string, double[]>
        {
            ["x"] = RandomData.Uniform(rng, n * d), ["residual"] = RandomData.Uniform(rng, n * d),
            ["alpha"] = [0.7], ["gamma"] = RandomData.Uniform(rng, d, 0.5, 1.5), ["beta"] = RandomData.Uniform(rng, d),
        };
        var s = new ResidualDyT.Shape(n, d);
        Check(typeof(ResidualDyT), new() { ["n"] = n, ["d"] = d }, inputs, 2, ["x", "residual", "alpha", "gamma", "beta"], rng,
            (v, g, asFloat, out o) =>
            {
                if (asFloat)
                {
                    float[] y = new float[n * d], h = new float[n * d], dx = new float[n * d], dr = new float[n * d], da = new float[1], dg = new float[d], db = new float[d];
                    var saved = new ResidualDyT.Saved<float>(s);
                    ResidualDyT.Forward(s, F(v["x"]), F(v["residual"]), F(v["alpha"]), F(v["gamma"]), F(v["beta"]), y, h, saved);
                    ResidualDyT.Backward(s, F(g[0]), F(g[1]), F(v["x"]), F(v["residual"]), F(v["alpha"]), F(v["gamma"]), F(v["beta"]), saved, dx, dr, da, dg, db);
                    o = [D(y), D(h)];
                    return [D(dx), D(dr), D(da), D(dg), D(db)];
                }
                else
                {
                    double[] y = new double[n * d], h = new double[n * d], dx = new double[n * d], dr = new double[n * d], da = new double[1], dg = new double[d], db = new double[d];
                    var saved = new ResidualDyT.Saved<double>(s);
                    ResidualDyT.Forward(s, v["x"], v["residual"], v["alpha"], v["gamma"], v["beta"], y, h, saved);
                    ResidualDyT.Backward(s, g[0], g[1], v["x"], v["residual"], v["alpha"], v["gamma"], v["beta"], saved, dx, dr, da, dg, db);
                    o = [y, h];
                    return [dx, dr, da, dg, db];
                }
            });
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sigmoid_gated_RMSNorm_matches_the_interpreter_and_finite_differences(int t, int d)
    {
        const int n = 2;
        var rng = new Random(t * 100 + d + 7);
        int rows = n * t * d, cond = n * d;
        var inputs = new Dictionary<string, double[]>
        {
            ["x"] = RandomData.Uniform(rng, rows), ["residual"] = RandomData.Uniform(rng, rows), ["scale"] = RandomData.Uniform(rng, cond, -1, 1),
        };
        var s = new SigmoidGatedRmsNorm.Shape(n, t, d);
        Check(typeof(SigmoidGatedRmsNorm), new() { ["n"] = n, ["t"] = t, ["d"] = d }, inputs, 2, ["x", "residual", "scale"], rng,
            (v, g, asFloat, out o) =>
            {
                if (asFloat)
                {
                    float[] y = new float[rows], h = new float[rows], dx = Nan<float>(rows), dr = Nan<float>(rows), ds = Nan<float>(cond);
                    var saved = new SigmoidGatedRmsNorm.Saved<float>(s);
                    SigmoidGatedRmsNorm.Forward(s, F(v["x"]), F(v["residual"]), F(v["scale"]), y, h, saved);
                    SigmoidGatedRmsNorm.Backward(s, F(g[0]), F(g[1]), F(v["x"]), F(v["residual"]), F(v["scale"]), saved, dx, dr, ds);
                    o = [D(y), D(h)];
                    return [D(dx), D(dr), D(ds)];
                }
                else
                {
                    double[] y = new double[rows], h = new double[rows], dx = Nan<double>(rows), dr = Nan<double>(rows), ds = Nan<double>(cond);
                    var saved = new SigmoidGatedRmsNorm.Saved<double>(s);
                    SigmoidGatedRmsNorm.Forward(s, v["x"], v["residual"], v["scale"], y, h, saved);
                    SigmoidGatedRmsNorm.Backward(s, g[0], g[1], v["x"], v["residual"], v["scale"], saved, dx, dr, ds);
                    o = [y, h];
                    return [dx, dr, ds];
                }
            });
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Add_LayerNorm_with_a_third_output_matches_the_interpreter_and_finite_differences(int n, int d)
    {
        var rng = new Random(n * 100 + d + 13);
        var inputs = new Dictionary<string, double[]>
        {
            ["x"] = RandomData.Uniform(rng, n * d), ["residual"] = RandomData.Uniform(rng, n * d), ["gamma"] = RandomData.Uniform(rng, d, 0.5, 1.5),
        };
        var s = new AddLayerNormWithBump.Shape(n, d);
        Check(typeof(AddLayerNormWithBump), new() { ["n"] = n, ["d"] = d }, inputs, 3, ["x", "residual", "gamma"], rng,
            (v, g, asFloat, out o) =>
            {
                if (asFloat)
                {
                    float[] y = new float[n * d], h = new float[n * d], b = new float[n * d], dx = new float[n * d], dr = new float[n * d], dg = new float[d];
                    var saved = new AddLayerNormWithBump.Saved<float>(s);
                    AddLayerNormWithBump.Forward(s, F(v["x"]), F(v["residual"]), F(v["gamma"]), y, h, b, saved);
                    AddLayerNormWithBump.Backward(s, F(g[0]), F(g[1]), F(g[2]), F(v["x"]), F(v["residual"]), F(v["gamma"]), saved, dx, dr, dg);
                    o = [D(y), D(h), D(b)];
                    return [D(dx), D(dr), D(dg)];
                }
                else
                {
                    double[] y = new double[n * d], h = new double[n * d], b = new double[n * d], dx = new double[n * d], dr = new double[n * d], dg = new double[d];
                    var saved = new AddLayerNormWithBump.Saved<double>(s);
                    AddLayerNormWithBump.Forward(s, v["x"], v["residual"], v["gamma"], y, h, b, saved);
                    AddLayerNormWithBump.Backward(s, g[0], g[1], g[2], v["x"], v["residual"], v["gamma"], saved, dx, dr, dg);
                    o = [y, h, b];
                    return [dx, dr, dg];
                }
            });
    }

    private static void Check(Type layer, Dictionary<string, int> sizes, Dictionary<string, double[]> inputs, int outputCount, string[] gradientOrder, Random rng, Run run)
    {
        int elements = inputs["x"].Length;
        var outputGradients = Enumerable.Range(0, outputCount).Select(_ => RandomData.Uniform(rng, elements)).ToArray();
        var reference = ReferenceInterpreter.ForLayer(layer).Run(sizes, inputs, outputGradients);

        foreach (bool asFloat in new[] { false, true })
        {
            double tolerance = asFloat ? 2e-4 : 1e-9;
            string suffix = asFloat ? " (float)" : "";
            var gradients = run(inputs, outputGradients, asFloat, out var outputs);
            for (int k = 0; k < outputCount; k++)
                Tolerance.AssertClose(reference.Outputs[k], outputs[k], tolerance, $"output {k}{suffix}");
            for (int k = 0; k < gradientOrder.Length; k++)
                Tolerance.AssertClose(reference.Gradients[gradientOrder[k]], gradients[k], tolerance, $"d{gradientOrder[k]}{suffix}");
        }

        // Central differences of the double kernel's forward, a few elements of every input.
        var analytic = run(inputs, outputGradients, false, out _);
        for (int k = 0; k < gradientOrder.Length; k++)
        {
            var values = inputs[gradientOrder[k]];
            foreach (int i in new[] { 0, values.Length / 2, values.Length - 1 }.Distinct())
            {
                double keep = values[i], step = 1e-6 * Math.Max(1, Math.Abs(keep));
                values[i] = keep + step;
                double up = Loss(run, inputs, outputGradients);
                values[i] = keep - step;
                double down = Loss(run, inputs, outputGradients);
                values[i] = keep;
                double numeric = (up - down) / (2 * step);
                Assert.True(Math.Abs(numeric - analytic[k][i]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                    $"d{gradientOrder[k]}[{i}]: backward {analytic[k][i]}, finite differences {numeric}");
            }
        }
    }

    private static double Loss(Run run, Dictionary<string, double[]> inputs, double[][] weights)
    {
        run(inputs, weights, false, out var outputs);
        double sum = 0;
        for (int k = 0; k < outputs.Length; k++)
            for (int i = 0; i < outputs[k].Length; i++)
                sum += weights[k][i] * outputs[k][i];
        return sum;
    }

    private static T[] Nan<T>(int length) where T : System.Numerics.IFloatingPointIeee754<T> => Enumerable.Repeat(T.NaN, length).ToArray();

    private static float[] F(double[] a) => a.Select(v => (float)v).ToArray();

    private static double[] D(float[] a) => a.Select(v => (double)v).ToArray();
}
