using System;
using System.Diagnostics;
using System.Globalization;
using NormGen.TestLayers;

namespace Consumer.App;

/// <summary>
/// Runs the generated kernels of two layers from the NormGen package and compares them with a hand computation in
/// float64 (the forward written out with loops; gradients by central finite differences of sum(y * dy)).
/// Prints one "check NAME maxerr=E tol=T" line per comparison for the packaging test, and with the argument
/// "bench" the time per LayerNorm 64x768 float forward.
/// </summary>
internal static class Program
{
    private const int N = 3, D = 37; // D is no multiple of any vector width: the scalar tail runs too.
    private const double Eps = 1e-5;

    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bench") return Bench();

        double[] x = Fill(N * D, 0.37, 1.5), dy = Fill(N * D, 0.11, 1.0), gamma = Fill(D, 0.7, 0.5, 1.0), beta = Fill(D, 0.3, 0.2);
        CheckSoftClip(x, dy, gamma, beta);
        CheckLayerNorm(x, dy, gamma, beta);
        return 0;
    }

    private static void CheckSoftClip(double[] x, double[] dy, double[] gamma, double[] beta)
    {
        var s = new SoftClipNorm.Shape(n: N, d: D);
        double Loss() => Dot(HandForward(x, gamma, beta, softClip: true), dy);
        double[] y = HandForward(x, gamma, beta, softClip: true);
        double[] dx = Gradient(x, Loss), dgamma = Gradient(gamma, Loss), dbeta = Gradient(beta, Loss);

        // double kernels
        var savedD = new SoftClipNorm.Saved<double>(s);
        double[] yD = new double[N * D], dxD = new double[N * D], dgD = new double[D], dbD = new double[D];
        SoftClipNorm.Forward(s, x, gamma, beta, yD, savedD);
        SoftClipNorm.Backward(s, dy, x, gamma, beta, savedD, dxD, dgD, dbD);
        Report("softclip.double.y", y, yD, 1e-12);
        Report("softclip.double.dx", dx, dxD, 1e-7);
        Report("softclip.double.dgamma", dgamma, dgD, 1e-7);
        Report("softclip.double.dbeta", dbeta, dbD, 1e-7);

        // float kernels
        var savedF = new SoftClipNorm.Saved<float>(s);
        float[] yF = new float[N * D], dxF = new float[N * D], dgF = new float[D], dbF = new float[D];
        SoftClipNorm.Forward(s, ToFloat(x), ToFloat(gamma), ToFloat(beta), yF, savedF);
        SoftClipNorm.Backward(s, ToFloat(dy), ToFloat(x), ToFloat(gamma), ToFloat(beta), savedF, dxF, dgF, dbF);
        Report("softclip.float.y", y, ToDouble(yF), 1e-4);
        Report("softclip.float.dx", dx, ToDouble(dxF), 1e-4);
        Report("softclip.float.dgamma", dgamma, ToDouble(dgF), 1e-4);
        Report("softclip.float.dbeta", dbeta, ToDouble(dbF), 1e-4);
    }

    private static void CheckLayerNorm(double[] x, double[] dy, double[] gamma, double[] beta)
    {
        double Loss() => Dot(HandForward(x, gamma, beta, softClip: false), dy);
        double[] y = HandForward(x, gamma, beta, softClip: false), dx = Gradient(x, Loss), dgamma = Gradient(gamma, Loss);

        // The stateful layer (float32, PyTorch-style): owns gamma (ones) and beta (zeros) and their gradients.
        var layer = new LayerNorm(d: D);
        ToFloat(gamma).CopyTo(layer.Gamma, 0);
        ToFloat(beta).CopyTo(layer.Beta, 0);
        float[] yF = new float[N * D], dxF = new float[N * D];
        layer.Forward(ToFloat(x), yF);
        layer.Backward(ToFloat(dy), dxF);
        Report("layernorm.stateful.y", y, ToDouble(yF), 1e-4);
        Report("layernorm.stateful.dx", dx, ToDouble(dxF), 1e-4);
        Report("layernorm.stateful.dgamma", dgamma, ToDouble(layer.GammaGrad), 1e-4);
    }

    /// <summary>The layers by hand: per row mean, biased variance, z = (x - mean) / sqrt(var + eps).</summary>
    private static double[] HandForward(double[] x, double[] gamma, double[] beta, bool softClip)
    {
        var y = new double[x.Length];
        for (int n = 0; n < N; n++)
        {
            double mean = 0, variance = 0;
            for (int d = 0; d < D; d++) mean += x[n * D + d];
            mean /= D;
            for (int d = 0; d < D; d++) variance += (x[n * D + d] - mean) * (x[n * D + d] - mean);
            variance /= D;
            for (int d = 0; d < D; d++)
            {
                double z = (x[n * D + d] - mean) / Math.Sqrt(variance + Eps);
                y[n * D + d] = gamma[d] * (softClip ? Math.Tanh(z) : z) + beta[d];
            }
        }
        return y;
    }

    /// <summary>Central differences of <paramref name="loss"/> with respect to every element of <paramref name="v"/>.</summary>
    private static double[] Gradient(double[] v, Func<double> loss)
    {
        const double h = 1e-6;
        var g = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double keep = v[i];
            v[i] = keep + h;
            double up = loss();
            v[i] = keep - h;
            double down = loss();
            v[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /// <summary>Prints the largest difference relative to the largest magnitude of the expected values.</summary>
    private static void Report(string name, double[] expected, double[] actual, double tolerance)
    {
        double scale = 1, worst = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        if (actual.Length != expected.Length || double.IsNaN(worst)) worst = double.PositiveInfinity;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check {name} maxerr={worst:R} tol={tolerance:R}"));
    }

    private static int Bench()
    {
        const int rows = 64, width = 768;
        var s = new LayerNorm.Shape(n: rows, d: width);
        var saved = new LayerNorm.Saved<float>(s);
        float[] x = ToFloat(Fill(rows * width, 0.37, 1.5)), gamma = ToFloat(Fill(width, 0.7, 0.5, 1.0)), beta = ToFloat(Fill(width, 0.3, 0.2));
        var y = new float[rows * width];
        for (int i = 0; i < 2000; i++) LayerNorm.Forward(s, x, gamma, beta, y, saved);
        double best = double.PositiveInfinity;
        for (int round = 0; round < 7; round++)
        {
            const int calls = 2000;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) LayerNorm.Forward(s, x, gamma, beta, y, saved);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench layernorm 64x768 float forward: {best:F2} us per call (best of 7 x 2000; Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated})"));
        return 0;
    }

    /// <summary>Deterministic, irregular values: offset + amplitude * sin(i * step).</summary>
    private static double[] Fill(int length, double step, double amplitude, double offset = 0)
    {
        var v = new double[length];
        for (int i = 0; i < length; i++) v[i] = offset + amplitude * Math.Sin((i + 1) * step);
        return v;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static float[] ToFloat(double[] v) => Array.ConvertAll(v, e => (float)e);

    private static double[] ToDouble(float[] v) => Array.ConvertAll(v, e => (double)e);
}
