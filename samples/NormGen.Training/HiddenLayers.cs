namespace NormGen.Training;

/// <summary>The normalization between a hidden layer's weights and its ReLU.</summary>
public enum NormKind { None, BatchNorm, LayerNorm, RMSNorm, WeightNorm, CosineNorm }

/// <summary>
/// One hidden layer up to (not including) its ReLU: a linear map and the normalization of <see cref="NormKind"/>.
/// Parameter gradients accumulate; the caller zeroes them before each step.
/// </summary>
public abstract class HiddenLayer(int inputs, int outputs)
{
    public int Inputs { get; } = inputs;
    public int Outputs { get; } = outputs;
    public abstract IReadOnlyList<Parameter> Parameters { get; }

    public abstract void Forward(ReadOnlySpan<double> x, int n, Span<double> y, bool training);

    /// <summary>Backward of the last training forward on <paramref name="x"/>; writes dx (n x inputs).</summary>
    public abstract void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int n, Span<double> dx);

    public static HiddenLayer Create(NormKind kind, int inputs, int outputs, Random random, NormSettings settings) => kind switch
    {
        NormKind.None => new PlainLayer(inputs, outputs, random),
        NormKind.BatchNorm => new BatchNormLayer(inputs, outputs, random, settings),
        NormKind.LayerNorm => new LayerNormLayer(inputs, outputs, random, settings),
        NormKind.RMSNorm => new RMSNormLayer(inputs, outputs, random, settings),
        NormKind.WeightNorm => new WeightNormLayer(inputs, outputs, random),
        NormKind.CosineNorm => new CosineNormLayer(inputs, outputs, random),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>He (Kaiming) normal initialisation for a ReLU network: N(0, 2 / fan-in), Box-Muller from the seeded generator.</summary>
    protected static double[] HeNormal(int outputs, int inputs, Random random)
    {
        var w = new double[outputs * inputs];
        double std = Math.Sqrt(2.0 / inputs);
        for (int k = 0; k < w.Length; k++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            w[k] = std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return w;
    }

    protected static double[] Filled(int length, double value) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Per-batch-size buffers (generated Saved objects, scratch), made on first use: a training batch, the last partial one, the test set.</summary>
    protected static T For<T>(Dictionary<int, T> cache, int n, Func<int, T> create)
    {
        if (!cache.TryGetValue(n, out var value)) cache[n] = value = create(n);
        return value;
    }
}

/// <summary>eps of the statistic norms (null: the formula's default) and BatchNorm's running-average momentum.</summary>
public sealed record NormSettings(double? Eps = null, double Momentum = 0.1);

/// <summary>No normalization: y = x Wᵀ + b.</summary>
public sealed class PlainLayer : HiddenLayer
{
    private readonly Parameter _w, _b;

    public PlainLayer(int inputs, int outputs, Random random) : base(inputs, outputs)
    {
        _w = new Parameter("W", HeNormal(outputs, inputs, random), feedsNorm: true);
        _b = new Parameter("b", new double[outputs]);
        Parameters = [_w, _b];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    public override void Forward(ReadOnlySpan<double> x, int n, Span<double> y, bool training)
        => Linear.Forward(x, n, Inputs, _w.Value, _b.Value, y);

    public override void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int n, Span<double> dx)
        => Linear.Backward(dy, x, n, Inputs, _w.Value, _w.Grad, _b.Grad, dx);
}

/// <summary>
/// z = x Wᵀ without a bias, then a normalization computed from z's statistics. No bias: BatchNorm's mean removes
/// it anyway, and a bias not scaled with the data would break LayerNorm's and RMSNorm's data-scale invariance.
/// </summary>
public abstract class StatNormLayer : HiddenLayer
{
    private readonly Parameter _w;
    private readonly Dictionary<int, (double[] Z, double[] Dz)> _scratch = [];

    protected StatNormLayer(int inputs, int outputs, Random random) : base(inputs, outputs)
        => _w = new Parameter("W", HeNormal(outputs, inputs, random), feedsNorm: true);

    protected Parameter Weights => _w;

    public override void Forward(ReadOnlySpan<double> x, int n, Span<double> y, bool training)
    {
        var z = Scratch(n).Z;
        Linear.Forward(x, n, Inputs, _w.Value, default, z);
        Normalize(z, n, y.Slice(0, n * Outputs), training);
    }

    public override void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int n, Span<double> dx)
    {
        var (z, dz) = Scratch(n);
        NormalizeBackward(dy.Slice(0, n * Outputs), z, n, dz);
        Linear.Backward(dz, x, n, Inputs, _w.Value, _w.Grad, default, dx);
    }

    protected abstract void Normalize(double[] z, int n, Span<double> y, bool training);

    protected abstract void NormalizeBackward(ReadOnlySpan<double> dy, double[] z, int n, double[] dz);

    private (double[] Z, double[] Dz) Scratch(int n) => For(_scratch, n, m => (new double[m * Outputs], new double[m * Outputs]));
}

public sealed class BatchNormLayer : StatNormLayer
{
    private readonly Parameter _gamma, _beta;
    private readonly double[] _runningMean, _runningVariance;
    private readonly double _eps, _momentum;
    private readonly Dictionary<int, BatchNorm1d.Saved<double>> _saved = [];

    public BatchNormLayer(int inputs, int outputs, Random random, NormSettings settings) : base(inputs, outputs, random)
    {
        (_gamma, _beta) = (new Parameter("gamma", Filled(outputs, 1)), new Parameter("beta", new double[outputs]));
        (_runningMean, _runningVariance) = (new double[outputs], Filled(outputs, 1)); // PyTorch's initial buffers
        (_eps, _momentum) = (settings.Eps ?? 1e-5, settings.Momentum);
        Parameters = [Weights, _gamma, _beta];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    protected override void Normalize(double[] z, int n, Span<double> y, bool training)
        => BatchNorm1d.Forward(Shape(n), z, _gamma.Value, _beta.Value, _runningMean, _runningVariance, y, Saved(n), training, _eps, _momentum);

    protected override void NormalizeBackward(ReadOnlySpan<double> dy, double[] z, int n, double[] dz)
        => BatchNorm1d.Backward(Shape(n), dy, z, _gamma.Value, _beta.Value, _runningMean, _runningVariance, Saved(n),
            dz, _gamma.Grad, _beta.Grad, training: true, _eps, _momentum);

    private BatchNorm1d.Shape Shape(int n) => new(n: n, c: Outputs);

    private BatchNorm1d.Saved<double> Saved(int n) => For(_saved, n, m => new BatchNorm1d.Saved<double>(Shape(m)));
}

public sealed class LayerNormLayer : StatNormLayer
{
    private readonly Parameter _gamma, _beta;
    private readonly double _eps;
    private readonly Dictionary<int, LayerNorm.Saved<double>> _saved = [];

    public LayerNormLayer(int inputs, int outputs, Random random, NormSettings settings) : base(inputs, outputs, random)
    {
        (_gamma, _beta) = (new Parameter("gamma", Filled(outputs, 1)), new Parameter("beta", new double[outputs]));
        _eps = settings.Eps ?? 1e-5;
        Parameters = [Weights, _gamma, _beta];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    protected override void Normalize(double[] z, int n, Span<double> y, bool training)
        => LayerNorm.Forward(Shape(n), z, _gamma.Value, _beta.Value, y, Saved(n), _eps);

    protected override void NormalizeBackward(ReadOnlySpan<double> dy, double[] z, int n, double[] dz)
        => LayerNorm.Backward(Shape(n), dy, z, _gamma.Value, _beta.Value, Saved(n), dz, _gamma.Grad, _beta.Grad, _eps);

    private LayerNorm.Shape Shape(int n) => new(n: n, d: Outputs);

    private LayerNorm.Saved<double> Saved(int n) => For(_saved, n, m => new LayerNorm.Saved<double>(Shape(m)));
}

public sealed class RMSNormLayer : StatNormLayer
{
    private readonly Parameter _gamma;
    private readonly double _eps;
    private readonly Dictionary<int, RMSNorm.Saved<double>> _saved = [];

    public RMSNormLayer(int inputs, int outputs, Random random, NormSettings settings) : base(inputs, outputs, random)
    {
        _gamma = new Parameter("gamma", Filled(outputs, 1));
        _eps = settings.Eps ?? 1e-6;
        Parameters = [Weights, _gamma];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    protected override void Normalize(double[] z, int n, Span<double> y, bool training)
        => RMSNorm.Forward(Shape(n), z, _gamma.Value, y, Saved(n), _eps);

    protected override void NormalizeBackward(ReadOnlySpan<double> dy, double[] z, int n, double[] dz)
        => RMSNorm.Backward(Shape(n), dy, z, _gamma.Value, Saved(n), dz, _gamma.Grad, _eps);

    private RMSNorm.Shape Shape(int n) => new(n: n, d: Outputs);

    private RMSNorm.Saved<double> Saved(int n) => For(_saved, n, m => new RMSNorm.Saved<double>(Shape(m)));
}

/// <summary>y = x wᵀ + b with w = g v / ||v|| per row, made by the generated WeightNorm before each forward.</summary>
public sealed class WeightNormLayer : HiddenLayer
{
    private readonly Parameter _v, _g, _b;
    private readonly double[] _w, _dw;
    private readonly WeightNorm.Shape _shape;
    private readonly WeightNorm.Saved<double> _saved;

    public WeightNormLayer(int inputs, int outputs, Random random) : base(inputs, outputs)
    {
        _v = new Parameter("v", HeNormal(outputs, inputs, random), feedsNorm: true);
        var g = new double[outputs];
        for (int o = 0; o < outputs; o++) // g = ||v|| per row: w starts equal to v, as torch.nn.utils.weight_norm does
            g[o] = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(_v.Value.AsSpan(o * inputs, inputs)));
        _g = new Parameter("g", g);
        _b = new Parameter("b", new double[outputs]);
        (_w, _dw) = (new double[outputs * inputs], new double[outputs * inputs]);
        _shape = new WeightNorm.Shape(o: outputs, i: inputs);
        _saved = new WeightNorm.Saved<double>(_shape);
        Parameters = [_v, _g, _b];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    public override void Forward(ReadOnlySpan<double> x, int n, Span<double> y, bool training)
    {
        WeightNorm.Forward(_shape, _v.Value, _g.Value, _w, _saved);
        Linear.Forward(x, n, Inputs, _w, _b.Value, y);
    }

    public override void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int n, Span<double> dx)
    {
        Array.Clear(_dw);
        Linear.Backward(dy, x, n, Inputs, _w, _dw, _b.Grad, dx);
        WeightNorm.Backward(_shape, _dw, _v.Value, _g.Value, _saved, _v.Grad, _g.Grad); // dv is written, dg accumulates
    }
}

/// <summary>y[n, o] = cos(x[n], w[o]): the generated CosineNorm is the whole layer, with no bias.</summary>
public sealed class CosineNormLayer : HiddenLayer
{
    private readonly Parameter _w;
    private readonly Dictionary<int, CosineNorm.Saved<double>> _saved = [];
    private readonly Dictionary<int, double[]> _dxScratch = [];

    public CosineNormLayer(int inputs, int outputs, Random random) : base(inputs, outputs)
    {
        _w = new Parameter("w", HeNormal(outputs, inputs, random), feedsNorm: true);
        Parameters = [_w];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    public override void Forward(ReadOnlySpan<double> x, int n, Span<double> y, bool training)
        => CosineNorm.Forward(Shape(n), x.Slice(0, n * Inputs), _w.Value, y.Slice(0, n * Outputs), Saved(n));

    public override void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int n, Span<double> dx)
    {
        // The generated backward always writes dx; the first layer has no use for it, so it goes to scratch.
        var target = dx.IsEmpty ? For(_dxScratch, n, m => new double[m * Inputs]) : dx.Slice(0, n * Inputs);
        CosineNorm.Backward(Shape(n), dy.Slice(0, n * Outputs), x.Slice(0, n * Inputs), _w.Value, Saved(n), target, _w.Grad);
    }

    private CosineNorm.Shape Shape(int n) => new(n: n, i: Inputs, o: Outputs);

    private CosineNorm.Saved<double> Saved(int n) => For(_saved, n, m => new CosineNorm.Saved<double>(Shape(m)));
}
