using NormGen.Tests.Reference;

namespace NormGen.Tests.Properties;

/// <summary>Forward output and every gradient of one call pair of a layer's generated kernels.</summary>
/// <param name="Y">The forward output.</param>
/// <param name="DInput">The backward's gradient for the layer's input tensor (x, or v for WeightNorm).</param>
/// <param name="DParams">The parameter gradients in formula order, accumulated into zeroed buffers.</param>
public sealed record Outputs(double[] Y, double[] DInput, double[][] DParams);

/// <summary>
/// One Forward then one Backward of the generated float64 and float32 kernels of the reference layers, on fresh
/// buffers. The float32 overloads take and return float64 arrays, rounding on the way in.
/// </summary>
public static class Run
{
    /// <summary>LayerNorm "n d", gamma and beta over d.</summary>
    public static Outputs LayerNorm(int n, int d, double[] x, double[] gamma, double[] beta, double[] dy, double eps)
    {
        var s = new LayerNorm.Shape(n, d);
        var saved = new LayerNorm.Saved<double>(s);
        double[] y = new double[n * d], dx = new double[n * d], dgamma = new double[d], dbeta = new double[d];
        TestLayers.LayerNorm.Forward(s, x, gamma, beta, y, saved, eps);
        TestLayers.LayerNorm.Backward(s, dy, x, gamma, beta, saved, dx, dgamma, dbeta, eps);
        return new Outputs(y, dx, [dgamma, dbeta]);
    }

    /// <summary>BatchNorm1d "n c" in training mode: batch statistics normalize; running buffers start at 0 and 1.</summary>
    public static Outputs BatchNorm(int n, int c, double[] x, double[] gamma, double[] beta, double[] dy, double eps)
    {
        var s = new BatchNorm1d.Shape(n, c);
        var saved = new BatchNorm1d.Saved<double>(s);
        double[] runningMean = new double[c], runningVar = Enumerable.Repeat(1.0, c).ToArray();
        double[] y = new double[n * c], dx = new double[n * c], dgamma = new double[c], dbeta = new double[c];
        BatchNorm1d.Forward(s, x, gamma, beta, runningMean, runningVar, y, saved, training: true, eps);
        BatchNorm1d.Backward(s, dy, x, gamma, beta, runningMean, runningVar, saved, dx, dgamma, dbeta, training: true, eps);
        return new Outputs(y, dx, [dgamma, dbeta]);
    }

    /// <summary>WeightNorm "o i": w = g * v / |v| per row o.</summary>
    public static Outputs WeightNorm(int o, int i, double[] v, double[] g, double[] dw)
    {
        var s = new WeightNorm.Shape(o, i);
        var saved = new WeightNorm.Saved<double>(s);
        double[] w = new double[o * i], dv = new double[o * i], dg = new double[o];
        Reference.WeightNorm.Forward(s, v, g, w, saved);
        Reference.WeightNorm.Backward(s, dw, v, g, saved, dv, dg);
        return new Outputs(w, dv, [dg]);
    }

    /// <summary>CosineNorm "n i" -> "n o": y = (x . w) / (|x| |w|).</summary>
    public static Outputs CosineNorm(int n, int i, int o, double[] x, double[] w, double[] dy)
    {
        var s = new CosineNorm.Shape(n, i, o);
        var saved = new CosineNorm.Saved<double>(s);
        double[] y = new double[n * o], dx = new double[n * i], dw = new double[o * i];
        Reference.CosineNorm.Forward(s, x, w, y, saved);
        Reference.CosineNorm.Backward(s, dy, x, w, saved, dx, dw);
        return new Outputs(y, dx, [dw]);
    }

    public static class Single
    {
        public static Outputs LayerNorm(int n, int d, double[] x, double[] gamma, double[] beta, double[] dy, float eps)
        {
            var s = new LayerNorm.Shape(n, d);
            var saved = new LayerNorm.Saved<float>(s);
            float[] y = new float[n * d], dx = new float[n * d], dgamma = new float[d], dbeta = new float[d];
            TestLayers.LayerNorm.Forward(s, F(x), F(gamma), F(beta), y, saved, eps);
            TestLayers.LayerNorm.Backward(s, F(dy), F(x), F(gamma), F(beta), saved, dx, dgamma, dbeta, eps);
            return new Outputs(D(y), D(dx), [D(dgamma), D(dbeta)]);
        }

        public static Outputs BatchNorm(int n, int c, double[] x, double[] gamma, double[] beta, double[] dy, float eps)
        {
            var s = new BatchNorm1d.Shape(n, c);
            var saved = new BatchNorm1d.Saved<float>(s);
            float[] runningMean = new float[c], runningVar = Enumerable.Repeat(1f, c).ToArray();
            float[] y = new float[n * c], dx = new float[n * c], dgamma = new float[c], dbeta = new float[c];
            BatchNorm1d.Forward(s, F(x), F(gamma), F(beta), runningMean, runningVar, y, saved, training: true, eps);
            BatchNorm1d.Backward(s, F(dy), F(x), F(gamma), F(beta), runningMean, runningVar, saved, dx, dgamma, dbeta, training: true, eps);
            return new Outputs(D(y), D(dx), [D(dgamma), D(dbeta)]);
        }

        public static Outputs WeightNorm(int o, int i, double[] v, double[] g, double[] dw)
        {
            var s = new WeightNorm.Shape(o, i);
            var saved = new WeightNorm.Saved<float>(s);
            float[] w = new float[o * i], dv = new float[o * i], dg = new float[o];
            Reference.WeightNorm.Forward(s, F(v), F(g), w, saved);
            Reference.WeightNorm.Backward(s, F(dw), F(v), F(g), saved, dv, dg);
            return new Outputs(D(w), D(dv), [D(dg)]);
        }

        public static Outputs CosineNorm(int n, int i, int o, double[] x, double[] w, double[] dy)
        {
            var s = new CosineNorm.Shape(n, i, o);
            var saved = new CosineNorm.Saved<float>(s);
            float[] y = new float[n * o], dx = new float[n * i], dw = new float[o * i];
            Reference.CosineNorm.Forward(s, F(x), F(w), y, saved);
            Reference.CosineNorm.Backward(s, F(dy), F(x), F(w), saved, dx, dw);
            return new Outputs(D(y), D(dx), [D(dw)]);
        }

        static float[] F(double[] a) => Array.ConvertAll(a, v => (float)v);
        static double[] D(float[] a) => Array.ConvertAll(a, v => (double)v);
    }
}
