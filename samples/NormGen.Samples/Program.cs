using NormGen.Interpretation;
using NormGen.Samples;

// Runs each layer's generated forward and backward on random data, then checks the generated gradients
// against central finite differences and the whole result against NormGen's float64 reference interpreter.

const int Rows = 8, Features = 37; // 37: exercises the vector loops and the scalar tail
var random = new Random(42);
double[] Random(int n, double scale = 1, double offset = 0) =>
    Enumerable.Range(0, n).Select(_ => offset + scale * (2 * random.NextDouble() - 1)).ToArray();

var x = Random(Rows * Features, 2, 0.5);
var dy = Random(Rows * Features);
var gamma = Random(Features, 0.5, 1);
var beta = Random(Features, 0.1);

string width = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
    : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128";
Console.WriteLine($"NormGen sample: {Rows} rows x {Features} features, float64 kernels on {width}");
Console.WriteLine();

// ---- LayerNorm ----
{
    var shape = new LayerNorm.Shape(n: Rows, d: Features);
    var saved = new LayerNorm.Saved<double>(shape);
    double Loss(double[] xs, double[] g)
    {
        var y = new double[xs.Length];
        LayerNorm.Forward(shape, xs, g, beta, y, new LayerNorm.Saved<double>(shape));
        return y.Zip(dy, (a, b) => a * b).Sum();
    }

    var y = new double[x.Length];
    LayerNorm.Forward(shape, x, gamma, beta, y, saved);
    var dx = new double[x.Length];
    var dgamma = new double[Features];
    var dbeta = new double[Features];
    LayerNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta);

    Report("LayerNorm", y, new() { ["x"] = (x, dx), ["gamma"] = (gamma, dgamma) }, Loss, x, gamma,
        ReferenceInterpreter.ForLayer(typeof(LayerNorm)).Run(
            new Dictionary<string, int> { ["n"] = Rows, ["d"] = Features },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma, ["beta"] = beta }, dy),
        new() { ["x"] = dx, ["gamma"] = dgamma, ["beta"] = dbeta });
}

// ---- RMSNorm ----
{
    var shape = new RMSNorm.Shape(n: Rows, d: Features);
    var saved = new RMSNorm.Saved<double>(shape);
    double Loss(double[] xs, double[] g)
    {
        var y = new double[xs.Length];
        RMSNorm.Forward(shape, xs, g, y, new RMSNorm.Saved<double>(shape));
        return y.Zip(dy, (a, b) => a * b).Sum();
    }

    var y = new double[x.Length];
    RMSNorm.Forward(shape, x, gamma, y, saved);
    var dx = new double[x.Length];
    var dgamma = new double[Features];
    RMSNorm.Backward(shape, dy, x, gamma, saved, dx, dgamma);

    Report("RMSNorm", y, new() { ["x"] = (x, dx), ["gamma"] = (gamma, dgamma) }, Loss, x, gamma,
        ReferenceInterpreter.ForLayer(typeof(RMSNorm)).Run(
            new Dictionary<string, int> { ["n"] = Rows, ["d"] = Features },
            new Dictionary<string, double[]> { ["x"] = x, ["gamma"] = gamma }, dy),
        new() { ["x"] = dx, ["gamma"] = dgamma });
}

// ---- The rest of the family: BatchNorm (NCHW, NHWC), GroupNorm, InstanceNorm, WeightNorm, CosineNorm ----
Console.WriteLine();
FamilyChecks.Run(random);
MixedPrecisionSample.Run(random);
ConditioningSample.Run(random);
DyTSample.Run(random);
FusedAddRmsNormSample.Run(random);
Console.WriteLine();

// ---- The float32 stateful layer, as a training loop would use it ----
{
    var layer = new LayerNorm(d: Features);
    var xf = x.Select(v => (float)v).ToArray();
    var yf = new float[xf.Length];
    var dxf = new float[xf.Length];
    layer.Forward(xf, yf);
    layer.Backward(dy.Select(v => (float)v).ToArray(), dxf);
    Console.WriteLine($"Stateful float32 LayerNorm(d: {Features}): y[0..3] = {string.Join(", ", yf.Take(3).Select(v => v.ToString("F5")))}; dgamma[0] = {layer.GammaGrad[0]:F5}");
}

static void Report(string name, double[] y, Dictionary<string, (double[] Value, double[] Grad)> checkedGrads,
    Func<double[], double[], double> loss, double[] x, double[] gamma, InterpreterResult reference, Dictionary<string, double[]> grads)
{
    // Central differences on a few elements of x and gamma: (L(v + h) - L(v - h)) / 2h.
    const double h = 1e-5;
    double worstFd = 0;
    foreach (var (value, grad) in checkedGrads.Values)
    {
        for (int i = 0; i < value.Length; i += Math.Max(1, value.Length / 7))
        {
            double old = value[i];
            value[i] = old + h;
            double plus = loss(x, gamma);
            value[i] = old - h;
            double minus = loss(x, gamma);
            value[i] = old;
            double fd = (plus - minus) / (2 * h);
            worstFd = Math.Max(worstFd, Math.Abs(fd - grad[i]) / Math.Max(1, Math.Abs(fd)));
        }
    }
    double worstRef = MaxDiff(y, reference.Y);
    foreach (var (tensor, grad) in grads) worstRef = Math.Max(worstRef, MaxDiff(grad, reference.Gradients[tensor]));
    Console.WriteLine($"{name,-10} gradient check vs finite differences: max rel. error {worstFd:E2} {(worstFd < 1e-6 ? "OK" : "FAIL")}");
    Console.WriteLine($"{name,-10} max |generated - interpreter| over y and every gradient: {worstRef:E2} {(worstRef < 1e-9 ? "OK" : "FAIL")}");
}

static double MaxDiff(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
