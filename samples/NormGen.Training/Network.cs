using System.Numerics.Tensors;

namespace NormGen.Training;

/// <summary>
/// 64 -> hidden -> hidden -> 10: two <see cref="HiddenLayer"/>s, each followed by a ReLU, then a plain linear
/// output layer with bias and softmax cross-entropy. Buffers are sized for the largest batch it will see.
/// </summary>
public sealed class Network
{
    private readonly HiddenLayer _first, _second;
    private readonly Parameter _outW, _outB;
    private readonly int _hidden;
    private double[] _h1 = [], _a1 = [], _h2 = [], _a2 = [], _logits = [], _d1 = [], _d2 = [], _dlogits = [];

    public Network(NormKind norm, int hidden, int seed, double weightScale, NormSettings settings)
    {
        var random = new Random(seed);
        _hidden = hidden;
        Norm = norm;
        _first = HiddenLayer.Create(norm, Digits.Pixels, hidden, random, settings);
        _second = HiddenLayer.Create(norm, hidden, hidden, random, settings);
        var w = new double[Digits.Classes * hidden];
        double bound = 1 / Math.Sqrt(hidden); // PyTorch's default for a linear layer
        for (int k = 0; k < w.Length; k++) w[k] = bound * (2 * random.NextDouble() - 1);
        _outW = new Parameter("out.W", w);
        _outB = new Parameter("out.b", new double[Digits.Classes]);
        Parameters = [.. _first.Parameters, .. _second.Parameters, _outW, _outB];
        foreach (var p in Parameters.Where(p => p.FeedsNorm))
            TensorPrimitives.Multiply(p.Value, weightScale, p.Value);
    }

    public NormKind Norm { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Forward and backward on one batch in training mode; gradients are zeroed first. Returns the mean loss.</summary>
    public double TrainStep(ReadOnlySpan<double> x, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        foreach (var p in Parameters) Array.Clear(p.Grad);
        double loss = Forward(x, n, training: true, labels, correct: out _);
        SoftmaxCrossEntropyBackward(n, labels);
        Linear.Backward(_dlogits, _a2, n, _hidden, _outW.Value, _outW.Grad, _outB.Grad, _d2);
        Linear.ReluBackward(_a2.AsSpan(0, n * _hidden), _d2.AsSpan(0, n * _hidden));
        _second.Backward(_d2, _a1, n, _d1);
        Linear.ReluBackward(_a1.AsSpan(0, n * _hidden), _d1.AsSpan(0, n * _hidden));
        _first.Backward(_d1, x, n, default);
        return loss;
    }

    /// <summary>Mean loss and accuracy in evaluation mode (BatchNorm uses its running statistics).</summary>
    public (double Loss, double Accuracy) Evaluate(DataSet data)
    {
        double loss = Forward(data.X, data.Count, training: false, data.Labels, out int correct);
        return (loss, (double)correct / data.Count);
    }

    private double Forward(ReadOnlySpan<double> x, int n, bool training, ReadOnlySpan<int> labels, out int correct)
    {
        Ensure(n);
        _first.Forward(x, n, _h1, training);
        Linear.Relu(_h1.AsSpan(0, n * _hidden), _a1);
        _second.Forward(_a1, n, _h2, training);
        Linear.Relu(_h2.AsSpan(0, n * _hidden), _a2);
        Linear.Forward(_a2, n, _hidden, _outW.Value, _outB.Value, _logits);
        return SoftmaxCrossEntropy(n, labels, out correct);
    }

    /// <summary>Mean of log-sum-exp(logits) - logit[label]; leaves the softmax probabilities in the logits buffer.</summary>
    private double SoftmaxCrossEntropy(int n, ReadOnlySpan<int> labels, out int correct)
    {
        double total = 0;
        correct = 0;
        for (int r = 0; r < n; r++)
        {
            var row = _logits.AsSpan(r * Digits.Classes, Digits.Classes);
            int predicted = TensorPrimitives.IndexOfMax(row);
            if (predicted == labels[r]) correct++;
            double max = row[predicted];
            double label = row[labels[r]];
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            double sum = TensorPrimitives.Sum(row);
            TensorPrimitives.Divide(row, sum, row);
            total += Math.Log(sum) + max - label;
        }
        return total / n;
    }

    private void SoftmaxCrossEntropyBackward(int n, ReadOnlySpan<int> labels)
    {
        for (int r = 0; r < n; r++)
        {
            var p = _logits.AsSpan(r * Digits.Classes, Digits.Classes);
            var d = _dlogits.AsSpan(r * Digits.Classes, Digits.Classes);
            TensorPrimitives.Divide(p, n, d);
            d[labels[r]] -= 1.0 / n;
        }
    }

    private void Ensure(int n)
    {
        if (_h1.Length >= n * _hidden) return;
        _h1 = new double[n * _hidden]; _a1 = new double[n * _hidden];
        _h2 = new double[n * _hidden]; _a2 = new double[n * _hidden];
        _d1 = new double[n * _hidden]; _d2 = new double[n * _hidden];
        _logits = new double[n * Digits.Classes]; _dlogits = new double[n * Digits.Classes];
    }
}
