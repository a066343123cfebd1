using System.Numerics;
using System.Reflection;
using NormGen.Fuzz.Tests.Model;
using NormGen.Interpretation;

namespace NormGen.Fuzz.Tests.Running;

/// <summary>Kernel outputs in precision <typeparamref name="T"/>: every output (tuple order), gradients by tensor name, running buffers after the step.</summary>
public sealed record Result<T>(T[][] Outputs, Dictionary<string, T[]> Gradients, T[][] Running) where T : unmanaged, IFloatingPointIeee754<T>
{
    public InterpreterResult AsDouble() =>
        new(ToDouble(Outputs[0]), Gradients.ToDictionary(p => p.Key, p => ToDouble(p.Value)), Running.Select(ToDouble).ToArray())
        {
            Outputs = Outputs.Select(ToDouble).ToArray(),
        };

    private static double[] ToDouble(T[] values) => Array.ConvertAll(values, double.CreateChecked);
}

/// <summary>
/// The data one layer runs on, drawn from the layer's data seed: inputs and parameters uniform in [-2, 2], dy (one
/// per output) in [-1, 1], running buffers in [0.5, 1.5] (they may stand for variances under a square root).
/// </summary>
public sealed partial class Problem
{
    private readonly FuzzLayer _layer;

    private Problem(FuzzLayer layer, Dictionary<string, int> sizes, Dictionary<string, double[]> tensors, double[][] dys, double[][] running)
    {
        _layer = layer;
        Sizes = sizes;
        Tensors = tensors;
        Dys = dys;
        Running = running;
    }

    public Dictionary<string, int> Sizes { get; }
    public Dictionary<string, double[]> Tensors { get; }
    /// <summary>The first output's gradient.</summary>
    public double[] Dy => Dys[0];

    /// <summary>Every output's gradient, in tuple order.</summary>
    public double[][] Dys { get; }
    public double[][] Running { get; }

    public static Problem Create(FuzzLayer layer, ReferenceInterpreter interpreter)
    {
        var rng = new Random(layer.DataSeed);
        var sizes = interpreter.AxisNames.ToDictionary(a => a, a => layer.Sizes.TryGetValue(a, out int s) ? s : 2, StringComparer.Ordinal);
        int Count(IEnumerable<string> axes) => axes.Aggregate(1, (n, a) => n * sizes[a]);
        var tensors = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (string name in interpreter.InputNames.Concat(interpreter.ParameterNames))
            tensors[name] = Uniform(rng, Count(interpreter.AxesOf(name)), -2, 2);
        var dy = Uniform(rng, Count(interpreter.OutputAxesOf(interpreter.OutputNames[0])), -1, 1);
        var running = RunningStats(layer).Select(stat => Uniform(rng, Count(layer.AxesOf(stat)), 0.5, 1.5)).ToArray();
        // The other outputs' gradients are drawn last, so a one-output layer keeps the data it always had.
        var dys = interpreter.OutputNames.Skip(1).Select(o => Uniform(rng, Count(interpreter.OutputAxesOf(o)), -1, 1)).Prepend(dy).ToArray();
        return new Problem(layer, sizes, tensors, dys, running);
    }

    /// <summary>The Running nodes in the order the formula creates them (operands first), which is the buffers' order.</summary>
    private static IEnumerable<Node> RunningStats(FuzzLayer layer)
    {
        static IEnumerable<RunningStat> PostOrder(Node node) =>
            node.Children.SelectMany(PostOrder).Concat(node is RunningStat r ? [r] : []);
        return layer.AllExpressions.SelectMany(PostOrder).Select(r => r.Stat);
    }

    private static double[] Uniform(Random rng, int count, double low, double high)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = low + (high - low) * rng.NextDouble();
        return values;
    }

    private Dictionary<string, double> Hyper(bool round) =>
        _layer.Hypers.ToDictionary(h => h.Name, h => round ? (double)(float)h.Value : h.Value, StringComparer.Ordinal);

    /// <summary>The float64 reference on <paramref name="tensors"/> (running buffers copied; rounded to float with <paramref name="round"/>).</summary>
    public InterpreterResult Interpret(ReferenceInterpreter interpreter, IReadOnlyDictionary<string, double[]> tensors, bool round = false)
    {
        double R(double v) => round ? (float)v : v;
        return interpreter.Run(Sizes, tensors, Dys.Select(dy => dy.Select(R).ToArray()).ToArray(), Hyper(round), Running.Select(b => b.Select(R).ToArray()).ToArray(), _layer.Training);
    }

    private static T[] Filled<T>(int length, T value)
    {
        var values = new T[length];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>
    /// Forward then Backward of the generated kernels in precision <typeparamref name="T"/>, through the adapter; with
    /// <paramref name="storage"/> ("Half", "BFloat16") the float kernels on tensors stored in that type, fed
    /// <paramref name="tensors"/> and dy rounded to it (<see cref="Storage.Round"/>), and returned widened to float.
    /// </summary>
    /// <param name="storageKernel">False: the float32 kernels on the same storage-rounded dy (the storage check's reference).</param>
    /// <param name="path">How the runtime runs the calls (<see cref="RuntimePaths"/>).</param>
    /// <param name="gradientStart">
    /// What the parameters' gradient buffers hold before the backward (null: 0), subtracted from what it leaves there:
    /// a kernel that read back a gradient it had added into (two gradients of one sum, the second copied from the first)
    /// is right only onto 0.
    /// </param>
    public Result<T> Run<T>(Type adapter, IReadOnlyDictionary<string, double[]> tensors, string? storage = null, bool storageKernel = true,
                            RuntimePath path = RuntimePath.AsConfigured, IReadOnlyDictionary<string, T[]>? gradientStart = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] Of(double[] values) => Array.ConvertAll(values, T.CreateChecked);
        T[] Dy(double[] values) => Of(storage is null ? values : Storage.Round(storage, values));
        var names = _layer.Tensors.Select(t => t.Name).ToArray();
        var inputs = names.Select(n => Of(tensors[n])).ToArray();
        // Forward writes all of y and Backward all of an input's gradient, whatever was there (NaN until then);
        // a parameter's gradient is accumulated, here onto 0 or onto gradientStart.
        var gradients = _layer.Tensors.Select(t =>
            t.IsInput ? Filled(tensors[t.Name].Length, T.NaN)
            : gradientStart is null ? Filled(tensors[t.Name].Length, T.Zero)
            : (T[])gradientStart[t.Name].Clone()).ToArray();
        var running = Running.Select(Of).ToArray();
        var ys = Dys.Select(dy => Filled(dy.Length, T.NaN)).ToArray();
        var hyper = _layer.Hypers.Select(h => h.Value).ToArray();
        var method = adapter.GetMethod(storage is not null && storageKernel ? "Run" + storage : typeof(T) == typeof(double) ? "Run64" : "Run32", BindingFlags.Public | BindingFlags.Static)!;
        object?[] arguments = [Sizes, inputs, running, ys, Dys.Select(Dy).ToArray(), gradients, _layer.Training, hyper];
        RuntimePaths.Run(path, () => method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null));
        if (gradientStart is not null)
            foreach (var (t, i) in _layer.Tensors.Select((t, i) => (t, i)).Where(p => !p.t.IsInput))
                for (int k = 0; k < gradients[i].Length; k++) gradients[i][k] -= gradientStart[t.Name][k];
        return new Result<T>(ys, names.Select((n, i) => (n, gradients[i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal), running);
    }
}
