using NormGen.Interpretation;

namespace NormGen.Samples;

/// <summary>Runs each family layer's generated float64 kernels once and compares them with the reference interpreter.</summary>
internal static class FamilyChecks
{
    public static void Run(Random random)
    {
        double[] R(int n, double lo = -2, double hi = 2) => Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray();
        const int N = 3, C = 6, H = 5, W = 7, G = 2;
        int images = N * C * H * W;

        {
            var (x, gamma, beta, dy) = (R(images), R(C, 0.5, 1.5), R(C), R(images));
            var s = new BatchNorm2d.Shape(n: N, c: C, h: H, w: W);
            var saved = new BatchNorm2d.Saved<double>(s);
            double[] y = new double[images], dx = new double[images], dgamma = new double[C], dbeta = new double[C];
            double[] runningMean = new double[C], runningVar = Enumerable.Repeat(1.0, C).ToArray();
            BatchNorm2d.Forward(s, x, gamma, beta, runningMean, runningVar, y, saved, training: true);
            BatchNorm2d.Backward(s, dy, x, gamma, beta, runningMean, runningVar, saved, dx, dgamma, dbeta, training: true);
            var reference = ReferenceInterpreter.ForLayer(typeof(BatchNorm2d)).Run(Sizes(("n", N), ("c", C), ("h", H), ("w", W)),
                Tensors(("x", x), ("gamma", gamma), ("beta", beta)), dy, running: [new double[C], Enumerable.Repeat(1.0, C).ToArray()]);
            Report("BatchNorm2d (n c h w), training", reference, y, ("x", dx), ("gamma", dgamma), ("beta", dbeta));
            Report("  running buffers after the step", MaxDiff(reference.UpdatedRunning[0], runningMean), MaxDiff(reference.UpdatedRunning[1], runningVar));
        }
        {
            var (x, gamma, beta, dy) = (R(images), R(C, 0.5, 1.5), R(C), R(images));
            var s = new BatchNorm2dChannelsLast.Shape(n: N, h: H, w: W, c: C);
            var saved = new BatchNorm2dChannelsLast.Saved<double>(s);
            double[] y = new double[images], dx = new double[images], dgamma = new double[C], dbeta = new double[C];
            BatchNorm2dChannelsLast.Forward(s, x, gamma, beta, new double[C], Enumerable.Repeat(1.0, C).ToArray(), y, saved, training: true);
            BatchNorm2dChannelsLast.Backward(s, dy, x, gamma, beta, new double[C], new double[C], saved, dx, dgamma, dbeta, training: true);
            var reference = ReferenceInterpreter.ForLayer(typeof(BatchNorm2dChannelsLast)).Run(Sizes(("n", N), ("h", H), ("w", W), ("c", C)),
                Tensors(("x", x), ("gamma", gamma), ("beta", beta)), dy, running: [new double[C], Enumerable.Repeat(1.0, C).ToArray()]);
            Report("BatchNorm2d (n h w c), training", reference, y, ("x", dx), ("gamma", dgamma), ("beta", dbeta));
        }
        {
            var (x, gamma, beta, dy) = (R(images), R(C, 0.5, 1.5), R(C), R(images));
            var s = new GroupNorm.Shape(n: N, g: G, c: C / G, h: H, w: W);
            var saved = new GroupNorm.Saved<double>(s);
            double[] y = new double[images], dx = new double[images], dgamma = new double[C], dbeta = new double[C];
            GroupNorm.Forward(s, x, gamma, beta, y, saved);
            GroupNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
            var reference = ReferenceInterpreter.ForLayer(typeof(GroupNorm)).Run(Sizes(("n", N), ("g", G), ("c", C / G), ("h", H), ("w", W)),
                Tensors(("x", x), ("gamma", gamma), ("beta", beta)), dy);
            Report("GroupNorm (n (g c) h w), 2 groups", reference, y, ("x", dx), ("gamma", dgamma), ("beta", dbeta));
        }
        {
            var (x, gamma, beta, dy) = (R(images), R(C, 0.5, 1.5), R(C), R(images));
            var s = new InstanceNorm.Shape(n: N, c: C, h: H, w: W);
            var saved = new InstanceNorm.Saved<double>(s);
            double[] y = new double[images], dx = new double[images], dgamma = new double[C], dbeta = new double[C];
            InstanceNorm.Forward(s, x, gamma, beta, y, saved);
            InstanceNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta);
            var reference = ReferenceInterpreter.ForLayer(typeof(InstanceNorm)).Run(Sizes(("n", N), ("c", C), ("h", H), ("w", W)),
                Tensors(("x", x), ("gamma", gamma), ("beta", beta)), dy);
            Report("InstanceNorm (n c h w)", reference, y, ("x", dx), ("gamma", dgamma), ("beta", dbeta));
        }
        {
            const int O = 5, I = 9;
            var (v, g, dy) = (R(O * I), R(O), R(O * I));
            var s = new WeightNorm.Shape(o: O, i: I);
            var saved = new WeightNorm.Saved<double>(s);
            double[] y = new double[O * I], dv = new double[O * I], dg = new double[O];
            WeightNorm.Forward(s, v, g, y, saved);
            WeightNorm.Backward(s, dy, v, g, saved, dv, dg);
            var reference = ReferenceInterpreter.ForLayer(typeof(WeightNorm)).Run(Sizes(("o", O), ("i", I)), Tensors(("v", v), ("g", g)), dy);
            Report("WeightNorm (o i)", reference, y, ("v", dv), ("g", dg));
        }
        {
            const int Batch = 4, I = 11, O = 3;
            var (x, w, dy) = (R(Batch * I), R(O * I), R(Batch * O));
            var s = new CosineNorm.Shape(n: Batch, i: I, o: O);
            var saved = new CosineNorm.Saved<double>(s);
            double[] y = new double[Batch * O], dx = new double[Batch * I], dw = new double[O * I];
            CosineNorm.Forward(s, x, w, y, saved);
            CosineNorm.Backward(s, dy, x, w, saved, dx, dw);
            var reference = ReferenceInterpreter.ForLayer(typeof(CosineNorm)).Run(Sizes(("n", Batch), ("i", I), ("o", O)), Tensors(("x", x), ("w", w)), dy);
            Report("CosineNorm (n i) -> (n o)", reference, y, ("x", dx), ("w", dw));
        }
    }

    private static Dictionary<string, int> Sizes(params (string Axis, int Size)[] sizes) => sizes.ToDictionary(p => p.Axis, p => p.Size);

    private static Dictionary<string, double[]> Tensors(params (string Name, double[] Data)[] tensors) => tensors.ToDictionary(p => p.Name, p => p.Data);

    private static void Report(string name, InterpreterResult reference, double[] y, params (string Tensor, double[] Gradient)[] gradients)
    {
        double worst = MaxDiff(reference.Y, y);
        foreach (var (tensor, gradient) in gradients) worst = Math.Max(worst, MaxDiff(reference.Gradients[tensor], gradient));
        Report(name, worst);
    }

    private static void Report(string name, params double[] differences)
    {
        double worst = differences.Max();
        Console.WriteLine($"{name,-36} max |generated - interpreter|: {worst:E2} {(worst < 1e-9 ? "OK" : "FAIL")}");
    }

    private static double MaxDiff(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
}
