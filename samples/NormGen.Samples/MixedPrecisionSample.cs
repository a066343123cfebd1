namespace NormGen.Samples;

/// <summary>
/// docs/precision.md: the same generated LayerNorm with bfloat16 activations and float master weights. x, y, dy and
/// dx are BFloat16 (half the bytes of float); gamma, beta, their gradients and Saved stay float; the arithmetic is
/// float, so each stored value is the float32 kernel's result rounded once.
/// </summary>
internal static class MixedPrecisionSample
{
    public static void Run(Random random)
    {
        const int Rows = 8, Features = 37;
        BFloat16[] R(int n) => Enumerable.Range(0, n).Select(_ => (BFloat16)(float)(2 * random.NextDouble() - 0.5)).ToArray();
        var (x, dy) = (R(Rows * Features), R(Rows * Features));
        var gamma = Enumerable.Repeat(1f, Features).ToArray();
        var beta = new float[Features];

        var shape = new LayerNorm.Shape(n: Rows, d: Features);
        var saved = new LayerNorm.Saved<float>(shape); // statistics in float
        var y = new BFloat16[x.Length];
        LayerNorm.Forward(shape, x, gamma, beta, y, saved);
        var dx = new BFloat16[x.Length];
        var (dgamma, dbeta) = (new float[Features], new float[Features]);
        LayerNorm.Backward(shape, dy, x, gamma, beta, saved, dx, dgamma, dbeta);

        // The float32 kernel on the same (widened) inputs, rounded once, is what the bfloat16 kernel wrote.
        float[] Widen(BFloat16[] v) => v.Select(e => (float)e).ToArray();
        var y32 = new float[x.Length];
        LayerNorm.Forward(shape, Widen(x), gamma, beta, y32, new LayerNorm.Saved<float>(shape));
        int differ = y32.Where((v, i) => (BFloat16)v != y[i]).Count();
        Console.WriteLine($"LayerNorm, bfloat16 x/y/dy/dx with float gamma/beta: {differ} of {y.Length} outputs differ from float32 rounded once {(differ == 0 ? "OK" : "FAIL")}");
    }
}
