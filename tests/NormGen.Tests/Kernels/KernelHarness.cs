using System.Numerics;
using System.Reflection;
using NormGen.Interpretation;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The buffers of one run of a layer's generated kernels in precision <typeparamref name="T"/>, named as the formula names
/// them. An adapter (<see cref="KernelAdapter{T}"/>) reads them to call the layer's statically typed Forward and Backward.
/// </summary>
public sealed class KernelRun<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal KernelRun(IReadOnlyDictionary<string, int> sizes, Dictionary<string, T[]> tensors, Dictionary<string, T[]> gradients,
                       T[] dy, T[] y, T[][] running, bool training, Dictionary<string, T> hyper)
    {
        Sizes = sizes;
        Tensors = tensors;
        Gradients = gradients;
        Dy = dy;
        Y = y;
        Running = running;
        Training = training;
        Hyper = hyper;
    }

    public IReadOnlyDictionary<string, int> Sizes { get; }
    public Dictionary<string, T[]> Tensors { get; }
    /// <summary>One gradient buffer per input and parameter: Backward overwrites the inputs' and adds to the parameters'.</summary>
    public Dictionary<string, T[]> Gradients { get; }
    public T[] Dy { get; }
    public T[] Y { get; }
    public T[][] Running { get; }
    public bool Training { get; }
    public Dictionary<string, T> Hyper { get; }

    /// <summary>The size of an axis.</summary>
    public int this[string axis] => Sizes.TryGetValue(axis, out int size) ? size : throw new KeyNotFoundException($"No size for axis '{axis}'.");

    /// <summary>An input or parameter.</summary>
    public T[] In(string name) => Tensors[name];

    /// <summary>The gradient buffer of an input or parameter.</summary>
    public T[] D(string name) => Gradients[name];

    /// <summary>A hyper-parameter (the formula's default unless the problem sets it).</summary>
    public T H(string name) => Hyper[name];

    /// <summary>The running buffer of the formula's <paramref name="index"/>-th Running, in formula order.</summary>
    public T[] R(int index) => Running[index];
}

/// <summary>
/// Calls one layer's generated Forward on <paramref name="run"/> (allocating its Shape and Saved) and returns the
/// matching Backward, so a test can call it once, twice, or not at all.
/// </summary>
public delegate Action KernelAdapter<T>(KernelRun<T> run) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>A layer's generated kernels in both precisions, called through <see cref="KernelAdapters"/>, and its oracle.</summary>
public sealed record LayerKernels(Type Layer)
{
    public ReferenceInterpreter Interpreter { get; } = ReferenceInterpreter.ForLayer(Layer);

    public KernelAdapter<double> Double { get; } = KernelAdapters.Create<double>(Layer);

    public KernelAdapter<float> Single { get; } = KernelAdapters.Create<float>(Layer);
}

/// <summary>Everything a run needs, in float64, laid out as the interpreter and the kernels both expect.</summary>
public sealed record KernelProblem(
    IReadOnlyDictionary<string, int> Sizes,
    IReadOnlyDictionary<string, double[]> Tensors,
    double[] Dy,
    IReadOnlyDictionary<string, double>? Hyper = null,
    IReadOnlyList<double[]>? Running = null,
    bool Training = true)
{
    public override string ToString() =>
        string.Join(", ", Sizes.Select(p => $"{p.Key}={p.Value}")) + (Running is null ? "" : Training ? " (training)" : " (eval)");
}

/// <summary>Outputs of a run in float64: y, every gradient by tensor name, and the running buffers after the forward.</summary>
public sealed record KernelResult(double[] Y, IReadOnlyDictionary<string, double[]> Gradients, IReadOnlyList<double[]> Running)
{
    public InterpreterResult AsInterpreterResult() => new(Y, Gradients, Running);

    public static KernelResult From(InterpreterResult r) => new(r.Y, r.Gradients, r.UpdatedRunning);
}

public static class KernelHarness
{
    /// <summary>Runs the generated kernels of <paramref name="kernels"/> in precision <typeparamref name="T"/>.</summary>
    /// <param name="backwardCalls">How many times to call Backward after the one Forward (0: forward only).</param>
    /// <param name="prepare">Sees the buffers after they are filled and before the Forward (to seed gradient buffers, say).</param>
    public static KernelResult Run<T>(LayerKernels kernels, KernelProblem problem, int backwardCalls = 1, Action<KernelRun<T>>? prepare = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var run = Allocate<T>(kernels, problem);
        prepare?.Invoke(run);
        var adapter = typeof(T) == typeof(double) ? (KernelAdapter<T>)(object)kernels.Double : (KernelAdapter<T>)(object)kernels.Single;
        var backward = adapter(run);
        for (int i = 0; i < backwardCalls; i++) backward();
        return new KernelResult(
            ToDouble(run.Y),
            run.Gradients.ToDictionary(g => g.Key, g => ToDouble(g.Value)),
            run.Running.Select(ToDouble).ToArray());
    }

    /// <summary>The buffers of a run: tensors, dy and running buffers converted from the problem, y and gradients zeroed.</summary>
    public static KernelRun<T> Allocate<T>(LayerKernels kernels, KernelProblem problem) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var interpreter = kernels.Interpreter;
        var names = interpreter.InputNames.Concat(interpreter.ParameterNames).ToArray();
        var tensors = names.ToDictionary(n => n, n => From<T>(problem.Tensors[n]));
        var gradients = names.ToDictionary(n => n, n => new T[problem.Tensors[n].Length]);
        int outputs = interpreter.OutputAxes.Aggregate(1, (n, a) => n * problem.Sizes[a]);
        if (problem.Dy.Length != outputs) throw new ArgumentException($"dy has {problem.Dy.Length} elements, the output {outputs}.", nameof(problem));
        var running = (problem.Running ?? []).Select(From<T>).ToArray();
        if (running.Length != interpreter.RunningCount)
            throw new ArgumentException($"{interpreter.LayerName} has {interpreter.RunningCount} running buffers; the problem gives {running.Length}.", nameof(problem));
        var defaults = FormulaDefaults(kernels.Layer);
        var hyper = interpreter.HyperParameterNames.ToDictionary(
            h => h,
            h => T.CreateChecked(problem.Hyper is not null && problem.Hyper.TryGetValue(h, out double v) ? v : defaults[h]));
        return new KernelRun<T>(problem.Sizes, tensors, gradients, From<T>(problem.Dy), new T[outputs], running, problem.Training, hyper);
    }

    /// <summary>What the float64 reference interpreter computes for the same problem: the oracle.</summary>
    public static KernelResult Oracle(LayerKernels kernels, KernelProblem problem) =>
        KernelResult.From(kernels.Interpreter.Run(problem.Sizes, problem.Tensors, problem.Dy, problem.Hyper,
                                                  problem.Running?.Select(r => (double[])r.Clone()).ToArray(), problem.Training));

    /// <summary>A problem with uniform random tensors and dy, each tensor's range chosen by <paramref name="range"/> (default [-2, 2]).</summary>
    public static KernelProblem RandomProblem(LayerKernels kernels, IReadOnlyDictionary<string, int> sizes, int seed,
                                              Func<string, (double Low, double High)>? range = null,
                                              IReadOnlyDictionary<string, double>? hyper = null)
    {
        var rng = new Random(seed);
        var interpreter = kernels.Interpreter;
        var tensors = new Dictionary<string, double[]>();
        foreach (string name in interpreter.InputNames.Concat(interpreter.ParameterNames))
        {
            var (low, high) = range?.Invoke(name) ?? (-2, 2);
            int count = interpreter.AxesOf(name).Aggregate(1, (n, a) => n * sizes[a]);
            tensors[name] = Support.RandomData.Uniform(rng, count, low, high);
        }
        int outputs = interpreter.OutputAxes.Aggregate(1, (n, a) => n * sizes[a]);
        return new KernelProblem(sizes, tensors, Support.RandomData.Uniform(rng, outputs, -1, 1), hyper);
    }

    /// <summary>Asserts y, every gradient and every running buffer of <paramref name="actual"/> are within tolerance of <paramref name="expected"/>.</summary>
    public static void AssertClose(KernelResult expected, KernelResult actual, double relative, string what, double floor = double.Epsilon)
    {
        Support.Tolerance.AssertClose(expected.Y, actual.Y, relative, $"{what}: y", floor);
        Assert.Equal(expected.Gradients.Keys.Order(), actual.Gradients.Keys.Order());
        foreach (var (name, gradient) in expected.Gradients)
            Support.Tolerance.AssertClose(gradient, actual.Gradients[name], relative, $"{what}: d{name}", floor);
        Assert.Equal(expected.Running.Count, actual.Running.Count);
        for (int i = 0; i < expected.Running.Count; i++)
            Support.Tolerance.AssertClose(expected.Running[i], actual.Running[i], relative, $"{what}: running[{i}]", floor);
    }

    /// <summary>
    /// Runs the formula case's forward and backward in float and double on three seeds under each of
    /// <paramref name="settings"/> (process-wide settings that choose between copies of a loop) and asserts every run
    /// gives the first one's bits: y, every gradient and every running buffer. <paramref name="reset"/> restores the
    /// settings afterwards.
    /// </summary>
    public static void AssertSameBitsUnder(FormulaCase c, Action reset, params (string Name, Action Apply)[] settings)
    {
        try
        {
            foreach (int seed in new[] { 1, 2, 3 })
            {
                var problem = c.Problem(seed);
                KernelResult[]? first = null;
                foreach (var (setting, apply) in settings)
                {
                    reset();
                    apply();
                    var runs = new[] { Run<float>(c.Kernels, problem), Run<double>(c.Kernels, problem) };
                    first ??= runs;
                    for (int p = 0; p < runs.Length; p++)
                    {
                        var (a, b) = (first[p], runs[p]);
                        string what = $"{c.Name} seed {seed} {(p == 0 ? "float" : "double")} {setting} against {settings[0].Name}";
                        Assert.True(a.Y.SequenceEqual(b.Y), $"{what}: y");
                        foreach (var (g, values) in a.Gradients) Assert.True(values.SequenceEqual(b.Gradients[g]), $"{what}: d{g}");
                        for (int r = 0; r < a.Running.Count; r++) Assert.True(a.Running[r].SequenceEqual(b.Running[r]), $"{what}: running buffer {r}");
                    }
                }
            }
        }
        finally
        {
            reset();
        }
    }

    /// <summary>
    /// Calls Backward twice after one Forward, with input gradient buffers holding garbage (Backward must overwrite
    /// them) and parameter gradient buffers holding an earlier total G0 (they must end at G0 + 2 * this gradient).
    /// </summary>
    public static void AssertOverwritesInputGradientsAndAccumulatesParameterGradients(LayerKernels kernels, KernelProblem problem, string what)
    {
        const double Sentinel = 777.25;
        var once = Run<double>(kernels, problem);
        var inputs = kernels.Interpreter.InputNames.ToHashSet();
        var earlier = new Dictionary<string, double[]>();
        var twice = Run<double>(kernels, problem, backwardCalls: 2, prepare: run =>
        {
            var rng = new Random(5);
            foreach (var (tensor, gradient) in run.Gradients)
            {
                if (inputs.Contains(tensor))
                {
                    Array.Fill(gradient, Sentinel);
                }
                else
                {
                    var g0 = Support.RandomData.Uniform(rng, gradient.Length);
                    g0.CopyTo(gradient, 0);
                    earlier[tensor] = g0;
                }
            }
        });

        Assert.NotEmpty(inputs);
        foreach (var (tensor, gradient) in twice.Gradients)
        {
            bool input = inputs.Contains(tensor);
            double[] expected = input ? once.Gradients[tensor] : earlier[tensor].Select((g0, i) => g0 + 2 * once.Gradients[tensor][i]).ToArray();
            // Same kernels on the same data: only the additions to G0 round, by an ulp of the sums.
            Support.Tolerance.AssertClose(expected, gradient, 1e-12,
                $"{what}: d{tensor} after two Backward calls ({(input ? "overwritten" : "accumulated")})", floor: 1.0);
        }
    }

    /// <summary>The C# default values of the formula's double parameters.</summary>
    public static IReadOnlyDictionary<string, double> FormulaDefaults(Type layer)
    {
        var formula = layer.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Single(m => m.IsDefined(typeof(FormulaAttribute), inherit: false));
        return formula.GetParameters()
            .Where(p => p.ParameterType == typeof(double) && p.HasDefaultValue)
            .ToDictionary(p => p.Name!, p => Convert.ToDouble(p.DefaultValue, System.Globalization.CultureInfo.InvariantCulture));
    }

    public static T[] From<T>(double[] data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(data, T.CreateChecked);

    public static double[] ToDouble<T>(T[] data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(data, double.CreateChecked);
}
