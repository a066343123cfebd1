using NormGen.Interpretation;

namespace NormGen.Tests.Reference;

/// <summary>
/// A reference case restated in NormGen's terms: which formula class computes it, the axis sizes its PyTorch shapes
/// mean, the tensors by formula parameter name, hyper-parameters, running buffers and mode.
/// </summary>
public sealed record ReferenceRun(
    Type Layer,
    IReadOnlyDictionary<string, int> Sizes,
    IReadOnlyDictionary<string, double[]> Tensors,
    IReadOnlyDictionary<string, double> Hyper,
    IReadOnlyList<double[]>? Running,
    bool Training)
{
    // BatchNorm's formulas create the mean's Running before the variance's, so that is the buffers' order.
    private static readonly string[] s_runningNames = ["running_mean", "running_var"];

    public static ReferenceRun For(ReferenceCase c) => c.Op switch
    {
        "layer_norm" => LayerNorm(c),
        "rms_norm" => Rows(c, typeof(RmsNorm), ["x", "gamma"], Eps(c)),
        "batch_norm" => BatchNorm(c),
        "group_norm" => GroupNorm(c),
        "instance_norm" => Build(c, typeof(InstanceNorm), Axes("n c h w", c.X.Shape), ["x", "gamma", "beta"], Eps(c)),
        "weight_norm" => Build(c, typeof(WeightNorm), new() { ["o"] = c.Input("v").Shape[0], ["i"] = Product(c.Input("v").Shape[1..]) }, ["v", "g"], []),
        "cosine_norm" => Build(c, typeof(CosineNorm),
            new() { ["n"] = c.X.Shape[0], ["i"] = c.X.Shape[1], ["o"] = c.Input("w").Shape[0] }, ["x", "w"], []),
        _ => throw new NotSupportedException($"Reference case {c.Name}: no formula for op '{c.Op}'."),
    };

    /// <summary>What the interpreter computed for PyTorch's output <paramref name="name"/>.</summary>
    public double[] Actual(string name, InterpreterResult result)
    {
        if (name == "y") return result.Y;
        int running = Array.IndexOf(s_runningNames, name);
        if (running >= 0 && Running is not null) return result.UpdatedRunning[running];
        if (name.StartsWith('d') && result.Gradients.TryGetValue(name[1..], out var gradient)) return gradient;
        throw new KeyNotFoundException($"{Layer.Name} computes nothing that corresponds to PyTorch's output '{name}'.");
    }

    private static ReferenceRun LayerNorm(ReferenceCase c)
    {
        int[] shape = c.X.Shape;
        int split = shape.Length - c.NormalizedDims;
        // Leading dims are independent rows, so they flatten into n, exactly as their memory does.
        int n = Product(shape[..split]);
        return (c.Affine, c.NormalizedDims) switch
        {
            (true, 1) => Build(c, typeof(LayerNorm), new() { ["n"] = n, ["d"] = shape[^1] }, ["x", "gamma", "beta"], Eps(c)),
            (false, 1) => Build(c, typeof(LayerNormNoAffine), new() { ["n"] = n, ["d"] = shape[^1] }, ["x"], Eps(c)),
            (true, 2) => Build(c, typeof(LayerNormOverTwoAxes), new() { ["n"] = n, ["h"] = shape[^2], ["w"] = shape[^1] }, ["x", "gamma", "beta"], Eps(c)),
            _ => throw new NotSupportedException($"Reference case {c.Name}: no formula for layer_norm with affine={c.Affine}, normalized_dims={c.NormalizedDims}."),
        };
    }

    private static ReferenceRun BatchNorm(ReferenceCase c)
    {
        var (layer, axes) = c.X.Shape.Length switch
        {
            2 => (typeof(BatchNorm1d), "n c"),
            4 => (typeof(BatchNorm2d), "n c h w"),
            _ => throw new NotSupportedException($"Reference case {c.Name}: no formula for batch_norm of rank {c.X.Shape.Length}."),
        };
        var hyper = new Dictionary<string, double> { ["eps"] = c.Eps, ["momentum"] = c.Momentum };
        return Build(c, layer, Axes(axes, c.X.Shape), ["x", "gamma", "beta"], hyper) with
        {
            Running = s_runningNames.Select(r => (double[])c.Input(r).Data.Clone()).ToArray(),
            Training = c.Training,
        };
    }

    private static ReferenceRun GroupNorm(ReferenceCase c)
    {
        int[] shape = c.X.Shape;
        int channels = shape[1];
        if (channels % c.Groups != 0) throw new NotSupportedException($"Reference case {c.Name}: {channels} channels do not split into {c.Groups} groups.");
        var sizes = new Dictionary<string, int>
        {
            ["n"] = shape[0], ["g"] = c.Groups, ["c"] = channels / c.Groups, ["h"] = shape[2], ["w"] = shape[3],
        };
        return Build(c, typeof(GroupNorm), sizes, ["x", "gamma", "beta"], Eps(c));
    }

    private static ReferenceRun Rows(ReferenceCase c, Type layer, string[] tensors, Dictionary<string, double> hyper) =>
        Build(c, layer, new() { ["n"] = Product(c.X.Shape[..^1]), ["d"] = c.X.Shape[^1] }, tensors, hyper);

    private static ReferenceRun Build(ReferenceCase c, Type layer, Dictionary<string, int> sizes, string[] tensors, Dictionary<string, double> hyper) =>
        new(layer, sizes, tensors.ToDictionary(t => t, t => c.Input(t).Data), hyper, Running: null, Training: true);

    private static Dictionary<string, double> Eps(ReferenceCase c) => new() { ["eps"] = c.Eps };

    private static Dictionary<string, int> Axes(string names, int[] shape)
    {
        var axes = names.Split(' ');
        if (axes.Length != shape.Length) throw new ArgumentException($"Shape [{string.Join(", ", shape)}] does not have the axes {names}.");
        return axes.Zip(shape).ToDictionary(p => p.First, p => p.Second);
    }

    private static int Product(int[] dims) => dims.Aggregate(1, (a, b) => a * b);
}
