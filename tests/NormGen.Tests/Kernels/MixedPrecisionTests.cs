using NormGen.Interpretation;
using static NormGen.Tests.Kernels.MixedPrecision;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The Half and bfloat16 overloads of the generated kernels (tensors stored narrow; parameters, statistics, running
/// buffers and arithmetic in float) against the float32 kernels on the same inputs: every stored output and input
/// gradient is the float32 result rounded once (within one ulp of the storage type), every float result is the
/// float32 result. Sizes with vector tails at every width, a size that splits over threads, a specialized kernel, and
/// a formula no library ships (DyT). In namespace Kernels, so the vector-width children rerun them at 256, 128 and
/// scalar.
/// </summary>
public sealed class MixedPrecisionTests
{
    // ---- LayerNorm ----

    private delegate void LayerNormForward<S>(LayerNorm.Shape s, S[] x, float[] gamma, float[] beta, S[] y, LayerNorm.Saved<float> saved);
    private delegate void LayerNormBackward<S>(LayerNorm.Shape s, S[] dy, S[] x, float[] gamma, float[] beta, LayerNorm.Saved<float> saved, S[] dx, float[] dgamma, float[] dbeta);

    public static TheoryData<int, int> LayerSizes() => new()
    {
        { 5, 77 },      // a remainder after the vector loop at every width
        { 3, 64 },      // whole vectors only
        { 1, 5 },       // shorter than one Vector128 of float: the scalar path alone
        { 257, 1031 },  // 2^18 elements and more: split over threads, stored tensors pinned beside float parameters
    };

    [Theory]
    [MemberData(nameof(LayerSizes))]
    public void LayerNorm_bfloat16_is_float32_rounded_once(int n, int d) => LayerNormCase<BFloat16>(n, d,
        (s, x, g, b, y, saved) => LayerNorm.Forward(s, x, g, b, y, saved),
        (s, dy, x, g, b, saved, dx, dg, db) => LayerNorm.Backward(s, dy, x, g, b, saved, dx, dg, db));

    [Theory]
    [MemberData(nameof(LayerSizes))]
    public void LayerNorm_half_is_float32_rounded_once(int n, int d) => LayerNormCase<Half>(n, d,
        (s, x, g, b, y, saved) => LayerNorm.Forward(s, x, g, b, y, saved),
        (s, dy, x, g, b, saved, dx, dg, db) => LayerNorm.Backward(s, dy, x, g, b, saved, dx, dg, db));

    private static void LayerNormCase<S>(int n, int d, LayerNormForward<S> forward, LayerNormBackward<S> backward)
    {
        var rng = new Random(n * 7919 + d);
        var s = new LayerNorm.Shape(n, d);
        // An offset mean, so the centring cancels as it does in real activations.
        var x = Random<S>(rng, n * d, -1, 3);
        var dy = Random<S>(rng, n * d, -1, 1);
        var gamma = RandomFloats(rng, d);
        var beta = RandomFloats(rng, d);

        var (xf, dyf) = (Widen(x), Widen(dy));
        var yf = new float[n * d];
        var savedF = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, xf, gamma, beta, yf, savedF);
        var (dxf, dgf, dbf) = (new float[n * d], new float[d], new float[d]);
        LayerNorm.Backward(s, dyf, xf, gamma, beta, savedF, dxf, dgf, dbf);

        var y = new S[n * d];
        var saved = new LayerNorm.Saved<float>(s);
        forward(s, x, gamma, beta, y, saved);
        var (dx, dg, db) = (new S[n * d], new float[d], new float[d]);
        backward(s, dy, x, gamma, beta, saved, dx, dg, db);

        string at = $"LayerNorm n={n} d={d}";
        AssertRoundedOnce(yf, y, $"{at}: y");
        AssertFloatClose(savedF.Mean, saved.Mean, $"{at}: saved mean");
        AssertFloatClose(savedF.Rstd, saved.Rstd, $"{at}: saved rstd");
        AssertRoundedOnce(dxf, dx, $"{at}: dx");
        AssertFloatClose(dgf, dg, $"{at}: dgamma");
        AssertFloatClose(dbf, db, $"{at}: dbeta");
    }

    /// <summary>
    /// Against the float64 interpreter on the same (bfloat16) inputs: the stored result is the exact one rounded
    /// once (half an ulp) plus the float32 arithmetic's error, which the bound allows as 1e-5 (y) and 1e-4 (dx, as
    /// the float32 interpreter tests allow) of the largest magnitude.
    /// </summary>
    [Fact]
    public void LayerNorm_bfloat16_matches_the_float64_interpreter_within_an_ulp()
    {
        const int n = 6, d = 75;
        var rng = new Random(13);
        var s = new LayerNorm.Shape(n, d);
        var x = Random<BFloat16>(rng, n * d, -1, 3);
        var dy = Random<BFloat16>(rng, n * d, -1, 1);
        var gamma = RandomFloats(rng, d);
        var beta = RandomFloats(rng, d);
        var y = new BFloat16[n * d];
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, gamma, beta, y, saved);
        var (dx, dgamma, dbeta) = (new BFloat16[n * d], new float[d], new float[d]);
        LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);

        double[] Exact(float[] v) => v.Select(e => (double)e).ToArray();
        var expected = ReferenceInterpreter.ForLayer(typeof(LayerNorm)).Run(
            new Dictionary<string, int> { ["n"] = n, ["d"] = d },
            new Dictionary<string, double[]> { ["x"] = Exact(Widen(x)), ["gamma"] = Exact(gamma), ["beta"] = Exact(beta) },
            Exact(Widen(dy)), null, null, true);

        AssertWithinUlp(expected.Y, Widen(y), 1e-5, "y");
        AssertWithinUlp(expected.Gradients["x"], Widen(dx), InterpreterKernelTests.FloatTolerance, "dx");
        Support.Tolerance.AssertClose(expected.Gradients["gamma"], Exact(dgamma), InterpreterKernelTests.FloatTolerance, "dgamma");
        Support.Tolerance.AssertClose(expected.Gradients["beta"], Exact(dbeta), InterpreterKernelTests.FloatTolerance, "dbeta");

        static void AssertWithinUlp(double[] exact, float[] actual, double floatError, string what)
        {
            double largest = exact.Max(Math.Abs);
            for (int i = 0; i < exact.Length; i++)
            {
                double bound = Ulp<BFloat16>(exact[i]) + floatError * largest;
                Assert.True(Math.Abs(actual[i] - exact[i]) <= bound, $"{what}[{i}]: {actual[i]:R} vs the exact {exact[i]:R} (bound {bound:G3})");
            }
        }
    }

    // ---- RMSNorm ----

    [Theory]
    [InlineData(4, 77)]
    [InlineData(2, 32)]
    public void RmsNorm_half_and_bfloat16_are_float32_rounded_once(int n, int d)
    {
        RmsNormCase<BFloat16>(n, d, (s, x, g, y, saved) => RmsNorm.Forward(s, x, g, y, saved),
            (s, dy, x, g, saved, dx, dg) => RmsNorm.Backward(s, dy, x, g, saved, dx, dg));
        RmsNormCase<Half>(n, d, (s, x, g, y, saved) => RmsNorm.Forward(s, x, g, y, saved),
            (s, dy, x, g, saved, dx, dg) => RmsNorm.Backward(s, dy, x, g, saved, dx, dg));
    }

    private static void RmsNormCase<S>(int n, int d,
        Action<RmsNorm.Shape, S[], float[], S[], RmsNorm.Saved<float>> forward,
        Action<RmsNorm.Shape, S[], S[], float[], RmsNorm.Saved<float>, S[], float[]> backward)
    {
        var rng = new Random(n * 31 + d);
        var s = new RmsNorm.Shape(n, d);
        var (x, dy, gamma) = (Random<S>(rng, n * d), Random<S>(rng, n * d, -1, 1), RandomFloats(rng, d));
        var (yf, dxf, dgf, savedF) = (new float[n * d], new float[n * d], new float[d], new RmsNorm.Saved<float>(s));
        RmsNorm.Forward(s, Widen(x), gamma, yf, savedF);
        RmsNorm.Backward(s, Widen(dy), Widen(x), gamma, savedF, dxf, dgf);
        var (y, dx, dg, saved) = (new S[n * d], new S[n * d], new float[d], new RmsNorm.Saved<float>(s));
        forward(s, x, gamma, y, saved);
        backward(s, dy, x, gamma, saved, dx, dg);
        AssertRoundedOnce(yf, y, $"RmsNorm n={n} d={d}: y");
        AssertRoundedOnce(dxf, dx, $"RmsNorm n={n} d={d}: dx");
        AssertFloatClose(dgf, dg, $"RmsNorm n={n} d={d} ({typeof(S).Name}): dgamma");
    }

    // ---- BatchNorm2d: running buffers stay float; training and eval ----

    private delegate void BatchNormForward<S>(BatchNorm2d.Shape s, S[] x, float[] gamma, float[] beta, float[] mean, float[] variance, S[] y, BatchNorm2d.Saved<float> saved, bool training);
    private delegate void BatchNormBackward<S>(BatchNorm2d.Shape s, S[] dy, S[] x, float[] gamma, float[] beta, float[] mean, float[] variance, BatchNorm2d.Saved<float> saved, S[] dx, float[] dgamma, float[] dbeta, bool training);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm2d_half_and_bfloat16_are_float32_rounded_once(bool training)
    {
        BatchNormCase<BFloat16>(training,
            (s, x, g, b, m, v, y, saved, t) => BatchNorm2d.Forward(s, x, g, b, m, v, y, saved, t),
            (s, dy, x, g, b, m, v, saved, dx, dg, db, t) => BatchNorm2d.Backward(s, dy, x, g, b, m, v, saved, dx, dg, db, t));
        BatchNormCase<Half>(training,
            (s, x, g, b, m, v, y, saved, t) => BatchNorm2d.Forward(s, x, g, b, m, v, y, saved, t),
            (s, dy, x, g, b, m, v, saved, dx, dg, db, t) => BatchNorm2d.Backward(s, dy, x, g, b, m, v, saved, dx, dg, db, t));
    }

    private static void BatchNormCase<S>(bool training, BatchNormForward<S> forward, BatchNormBackward<S> backward)
    {
        const int n = 3, c = 5, h = 7, w = 5;
        var rng = new Random(training ? 1 : 2);
        var s = new BatchNorm2d.Shape(n, c, h, w);
        int size = n * c * h * w;
        var (x, dy) = (Random<S>(rng, size, -1, 3), Random<S>(rng, size, -1, 1));
        var (gamma, beta) = (RandomFloats(rng, c), RandomFloats(rng, c));
        var (mean0, variance0) = (RandomFloats(rng, c), RandomFloats(rng, c, 0.5, 2));

        var (meanF, varianceF) = ((float[])mean0.Clone(), (float[])variance0.Clone());
        var (yf, dxf, dgf, dbf, savedF) = (new float[size], new float[size], new float[c], new float[c], new BatchNorm2d.Saved<float>(s));
        BatchNorm2d.Forward(s, Widen(x), gamma, beta, meanF, varianceF, yf, savedF, training);
        BatchNorm2d.Backward(s, Widen(dy), Widen(x), gamma, beta, meanF, varianceF, savedF, dxf, dgf, dbf, training);

        var (mean, variance) = ((float[])mean0.Clone(), (float[])variance0.Clone());
        var (y, dx, dg, db, saved) = (new S[size], new S[size], new float[c], new float[c], new BatchNorm2d.Saved<float>(s));
        forward(s, x, gamma, beta, mean, variance, y, saved, training);
        backward(s, dy, x, gamma, beta, mean, variance, saved, dx, dg, db, training);

        string at = $"BatchNorm2d ({(training ? "training" : "eval")}, {typeof(S).Name})";
        AssertRoundedOnce(yf, y, $"{at}: y");
        AssertFloatClose(meanF, mean, $"{at}: running mean");
        AssertFloatClose(varianceF, variance, $"{at}: running variance");
        AssertRoundedOnce(dxf, dx, $"{at}: dx");
        AssertFloatClose(dgf, dg, $"{at}: dgamma");
        AssertFloatClose(dbf, db, $"{at}: dbeta");
    }

    // ---- GroupNorm ----

    [Fact]
    public void GroupNorm_half_and_bfloat16_are_float32_rounded_once()
    {
        GroupNormCase<BFloat16>((s, x, g, b, y, saved) => GroupNorm.Forward(s, x, g, b, y, saved),
            (s, dy, x, g, b, saved, dx, dg, db) => GroupNorm.Backward(s, dy, x, g, b, saved, dx, dg, db));
        GroupNormCase<Half>((s, x, g, b, y, saved) => GroupNorm.Forward(s, x, g, b, y, saved),
            (s, dy, x, g, b, saved, dx, dg, db) => GroupNorm.Backward(s, dy, x, g, b, saved, dx, dg, db));
    }

    private delegate void GroupNormForward<S>(GroupNorm.Shape s, S[] x, float[] gamma, float[] beta, S[] y, GroupNorm.Saved<float> saved);
    private delegate void GroupNormBackward<S>(GroupNorm.Shape s, S[] dy, S[] x, float[] gamma, float[] beta, GroupNorm.Saved<float> saved, S[] dx, float[] dgamma, float[] dbeta);

    private static void GroupNormCase<S>(GroupNormForward<S> forward, GroupNormBackward<S> backward)
    {
        var s = new GroupNorm.Shape(n: 2, g: 3, c: 2, h: 5, w: 7);
        int size = 2 * 3 * 2 * 5 * 7, channels = 3 * 2;
        var rng = new Random(5);
        var (x, dy, gamma, beta) = (Random<S>(rng, size, -1, 3), Random<S>(rng, size, -1, 1), RandomFloats(rng, channels), RandomFloats(rng, channels));
        var (yf, dxf, dgf, dbf, savedF) = (new float[size], new float[size], new float[channels], new float[channels], new GroupNorm.Saved<float>(s));
        GroupNorm.Forward(s, Widen(x), gamma, beta, yf, savedF);
        GroupNorm.Backward(s, Widen(dy), Widen(x), gamma, beta, savedF, dxf, dgf, dbf);
        var (y, dx, dg, db, saved) = (new S[size], new S[size], new float[channels], new float[channels], new GroupNorm.Saved<float>(s));
        forward(s, x, gamma, beta, y, saved);
        backward(s, dy, x, gamma, beta, saved, dx, dg, db);
        string at = $"GroupNorm ({typeof(S).Name})";
        AssertRoundedOnce(yf, y, $"{at}: y");
        AssertRoundedOnce(dxf, dx, $"{at}: dx");
        AssertFloatClose(dgf, dg, $"{at}: dgamma");
        AssertFloatClose(dbf, db, $"{at}: dbeta");
    }

    // ---- DyT: gamma * Tanh(alpha * x) + beta with a learned scalar, and its specialized (d = 48) kernels ----

    private delegate void DyTForward<S>(S[] x, float[] alpha, float[] gamma, float[] beta, S[] y);
    private delegate void DyTBackward<S>(S[] dy, S[] x, float[] alpha, float[] gamma, float[] beta, S[] dx, float[] dalpha, float[] dgamma, float[] dbeta);

    [Theory]
    [InlineData(3, 77)]
    [InlineData(2, 48)] // SpecializedDyT's unrolled kernel
    public void DyT_half_and_bfloat16_are_float32_rounded_once(int n, int d)
    {
        var s = new DyT.Shape(n, d);
        var (saved, savedF) = (new DyT.Saved<float>(s), new DyT.Saved<float>(s));
        DyTCase<BFloat16>(n, d, (x, a, g, b, y) => DyT.Forward(s, x, a, g, b, y, saved),
            (dy, x, a, g, b, dx, da, dg, db) => DyT.Backward(s, dy, x, a, g, b, saved, dx, da, dg, db),
            (x, a, g, b, y) => DyT.Forward(s, x, a, g, b, y, savedF),
            (dy, x, a, g, b, dx, da, dg, db) => DyT.Backward(s, dy, x, a, g, b, savedF, dx, da, dg, db));
        DyTCase<Half>(n, d, (x, a, g, b, y) => DyT.Forward(s, x, a, g, b, y, saved),
            (dy, x, a, g, b, dx, da, dg, db) => DyT.Backward(s, dy, x, a, g, b, saved, dx, da, dg, db),
            (x, a, g, b, y) => DyT.Forward(s, x, a, g, b, y, savedF),
            (dy, x, a, g, b, dx, da, dg, db) => DyT.Backward(s, dy, x, a, g, b, savedF, dx, da, dg, db));
        if (d != 48) return;
        var ss = new SpecializedDyT.Shape(n, d);
        var (specialized, specializedF) = (new SpecializedDyT.Saved<float>(ss), new SpecializedDyT.Saved<float>(ss));
        DyTCase<BFloat16>(n, d, (x, a, g, b, y) => SpecializedDyT.Forward(ss, x, a, g, b, y, specialized),
            (dy, x, a, g, b, dx, da, dg, db) => SpecializedDyT.Backward(ss, dy, x, a, g, b, specialized, dx, da, dg, db),
            (x, a, g, b, y) => SpecializedDyT.Forward(ss, x, a, g, b, y, specializedF),
            (dy, x, a, g, b, dx, da, dg, db) => SpecializedDyT.Backward(ss, dy, x, a, g, b, specializedF, dx, da, dg, db));
    }

    private static void DyTCase<S>(int n, int d, DyTForward<S> forward, DyTBackward<S> backward, DyTForward<float> forwardF, DyTBackward<float> backwardF)
    {
        var rng = new Random(n + 100 * d);
        var (x, dy) = (Random<S>(rng, n * d, -3, 3), Random<S>(rng, n * d, -1, 1));
        var (alpha, gamma, beta) = (new[] { 0.7f }, RandomFloats(rng, d), RandomFloats(rng, d));
        var (yf, dxf, daf, dgf, dbf) = (new float[n * d], new float[n * d], new float[1], new float[d], new float[d]);
        forwardF(Widen(x), alpha, gamma, beta, yf);
        backwardF(Widen(dy), Widen(x), alpha, gamma, beta, dxf, daf, dgf, dbf);
        var (y, dx, da, dg, db) = (new S[n * d], new S[n * d], new float[1], new float[d], new float[d]);
        forward(x, alpha, gamma, beta, y);
        backward(dy, x, alpha, gamma, beta, dx, da, dg, db);
        string at = $"DyT n={n} d={d} ({typeof(S).Name})";
        AssertRoundedOnce(yf, y, $"{at}: y");
        AssertRoundedOnce(dxf, dx, $"{at}: dx");
        AssertFloatClose(daf, da, $"{at}: dalpha");
        AssertFloatClose(dgf, dg, $"{at}: dgamma");
        AssertFloatClose(dbf, db, $"{at}: dbeta");
    }

    // ---- argument checks: the float overloads' exceptions, before memory is touched ----

    [Fact]
    public void A_wrong_length_bfloat16_span_is_an_ArgumentException_naming_it_as_for_float()
    {
        var s = new LayerNorm.Shape(3, 8);
        var (gamma, beta) = (new float[8], new float[8]);
        var y = Enumerable.Repeat(BFloat16.One, 24).ToArray();
        var stored = Assert.Throws<ArgumentException>(() => LayerNorm.Forward(s, new BFloat16[23], gamma, beta, y, new LayerNorm.Saved<float>(s)));
        var single = Assert.Throws<ArgumentException>(() => LayerNorm.Forward(s, new float[23], gamma, beta, new float[24], new LayerNorm.Saved<float>(s)));
        Assert.Equal("x", stored.ParamName);
        Assert.Equal(single.Message, stored.Message);
        Assert.All(y, v => Assert.Equal(BFloat16.One, v)); // nothing written

        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, new Half[24], gamma, beta, new Half[24], saved);
        var (dgamma, dbeta) = (new float[8], new float[8]);
        var half = Assert.Throws<ArgumentException>(() => LayerNorm.Backward(s, new Half[24], new Half[24], gamma, beta, saved, new Half[25], dgamma, dbeta));
        var singleBackward = Assert.Throws<ArgumentException>(() => LayerNorm.Backward(s, new float[24], new float[24], gamma, beta, saved, new float[25], dgamma, dbeta));
        Assert.Equal("dx", half.ParamName);
        Assert.Equal(singleBackward.Message, half.Message);
        var parameter = Assert.Throws<ArgumentException>(() => LayerNorm.Backward(s, new BFloat16[24], new BFloat16[24], gamma, beta, saved, new BFloat16[24], new float[7], dbeta));
        Assert.Equal("dgamma", parameter.ParamName);
        Assert.All(dbeta, v => Assert.Equal(0f, v));
    }

    // ---- the stateful layer ----

    [Fact]
    public void The_stateful_layer_runs_bfloat16_and_half_tensors_with_float_parameters()
    {
        const int n = 4, d = 37;
        var rng = new Random(17);
        var s = new LayerNorm.Shape(n, d);
        var x = Random<BFloat16>(rng, n * d, -1, 3);
        var dy = Random<BFloat16>(rng, n * d, -1, 1);
        var layer = new LayerNorm(d);
        Array.Copy(RandomFloats(rng, d), layer.Gamma, d);

        var y = new BFloat16[n * d];
        layer.Forward(x, y); // n inferred from the length
        var dx = new BFloat16[n * d];
        layer.Backward(dy, dx);

        var expectedY = new BFloat16[n * d];
        var saved = new LayerNorm.Saved<float>(s);
        LayerNorm.Forward(s, x, layer.Gamma, layer.Beta, expectedY, saved);
        var (expectedDx, dgamma, dbeta) = (new BFloat16[n * d], new float[d], new float[d]);
        LayerNorm.Backward(s, dy, x, layer.Gamma, layer.Beta, saved, expectedDx, dgamma, dbeta);
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedDx, dx);
        Assert.Equal(dgamma, layer.GammaGrad);
        Assert.Equal(dbeta, layer.BetaGrad);

        // A Backward backpropagates the last Forward, so it must take that Forward's element type.
        var floatError = Assert.Throws<InvalidOperationException>(() => layer.Backward(new float[n * d], new float[n * d]));
        Assert.Contains("other than float", floatError.Message);
        layer.Forward(s, Random<Half>(rng, n * d), new Half[n * d]);
        Assert.Throws<InvalidOperationException>(() => layer.Backward(dy, dx));
        layer.Backward(Random<Half>(rng, n * d), new Half[n * d]);
        layer.Forward(new float[n * d], new float[n * d]);
        Assert.Throws<InvalidOperationException>(() => layer.Backward(new Half[n * d], new Half[n * d]));
    }

    [Fact]
    public void The_stateful_BatchNorm2d_updates_its_float_running_buffers_from_bfloat16_tensors()
    {
        var rng = new Random(19);
        var layer = new BatchNorm2d(c: 3);
        var s = layer.ShapeFor(n: 2, h: 4, w: 5);
        var x = Random<BFloat16>(rng, 2 * 3 * 4 * 5, -1, 3);
        layer.Forward(s, x, new BFloat16[x.Length]);

        var (mean, variance) = (new float[3], Enumerable.Repeat(1f, 3).ToArray());
        var expectedY = new float[x.Length];
        BatchNorm2d.Forward(s, Widen(x), layer.Gamma, layer.Beta, mean, variance, expectedY, new BatchNorm2d.Saved<float>(s), training: true);
        Assert.Equal(mean, layer.RunningMean);
        Assert.Equal(variance, layer.RunningVariance);
    }
}
