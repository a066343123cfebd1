using System.Reflection;
using System.Runtime.CompilerServices;

namespace NormGen.Interpretation;

/// <summary>
/// The test oracle for a <c>[NormLayer]</c> class: calls its <c>[Formula]</c> method to build the expression tree and
/// evaluates it in float64 with <see cref="ExprInterpreter"/>, laying tensors out as the generated kernels do.
/// </summary>
public sealed class ReferenceInterpreter
{
    private readonly MethodInfo _formula;
    private readonly ParameterInfo[] _parameters;
    private readonly Dictionary<string, IReadOnlyList<string>> _tensorAxes = new(StringComparer.Ordinal);

    private ReferenceInterpreter(Type layerType, NormLayerAttribute layer, MethodInfo formula)
    {
        _formula = formula;
        _parameters = formula.GetParameters();
        LayerName = layerType.Name;
        var layout = AxisText.ParseLayout(layer.Layout, "Layout");
        OutputAxes = layer.Output is null ? layout : AxisText.ParseLayout(layer.Output, "Output");

        var inputs = new List<string>();
        var parameters = new List<string>();
        var hyper = new List<string>();
        foreach (var p in _parameters)
        {
            string name = p.Name!;
            if (p.ParameterType == typeof(Expr))
            {
                var param = p.GetCustomAttribute<ParamAttribute>();
                var input = p.GetCustomAttribute<InputAttribute>();
                if (input is not null)
                {
                    inputs.Add(name);
                    _tensorAxes.Add(name, ConditioningAxes(input, name, layout));
                }
                else if (param is null)
                {
                    inputs.Add(name);
                    _tensorAxes.Add(name, layout);
                }
                else
                {
                    parameters.Add(name);
                    // [Param] without axes (Axes empty) is a learned scalar: a one-element tensor over no axis.
                    _tensorAxes.Add(name, param.Axes.Length == 0 ? [] : AxisText.ParseNames(param.Axes, $"[Param] of '{name}'"));
                }
            }
            else if (p.ParameterType == typeof(double))
            {
                hyper.Add(name);
            }
            else
            {
                throw new NotSupportedException(
                    $"{LayerName}.{formula.Name}: parameter '{name}' is {p.ParameterType.Name}; a formula takes Expr tensors and double hyper-parameters.");
            }
        }
        if (inputs.Count == 0)
            throw new ArgumentException($"{LayerName}.{formula.Name} has no input: its first Expr parameter without [Param] is the layer's input.", nameof(layerType));

        InputNames = inputs;
        ParameterNames = parameters;
        HyperParameterNames = hyper;
        AxisNames = layout.Concat(parameters.SelectMany(p => _tensorAxes[p])).Concat(OutputAxes).Distinct().ToArray();

        OutputNames = OutputNamesOf(formula);
        // A formula is let-bindings over Ops, so the tree's structure cannot depend on hyper-parameter values:
        // one tree built now describes every run, and each run rebuilds it with that run's values.
        Formulas = Build(null);
        Formula = Formulas[0];
        var scan = FormulaScan.Of(Formulas);
        foreach (string axis in scan.ReducedAxes)
            if (!AxisNames.Contains(axis))
                throw new ArgumentException($"{LayerName}: the formula reduces over '{axis}', which is not an axis of the layout, a parameter or the output.", nameof(layerType));
        foreach (string name in scan.TensorNames)
            if (!_tensorAxes.ContainsKey(name))
                throw new ArgumentException($"{LayerName}: the formula reads tensor '{name}', which is not one of its parameters.", nameof(layerType));
        RunningCount = scan.Running.Count;
    }

    /// <summary>
    /// The axes of an [Input("...")] conditioning input, which are the layout's in the layout's order (so its memory
    /// order is the layout's, as the generated kernels store it).
    /// </summary>
    private IReadOnlyList<string> ConditioningAxes(InputAttribute input, string name, IReadOnlyList<string> layout)
    {
        var axes = AxisText.ParseNames(input.Axes, $"[Input] of '{name}'");
        if (axes.FirstOrDefault(a => !layout.Contains(a)) is { } stray)
            throw new ArgumentException($"{LayerName}: [Input] of '{name}' names '{stray}', which is not an axis of the layout.", "layerType");
        if (!layout.Where(axes.Contains).SequenceEqual(axes))
            throw new ArgumentException($"{LayerName}: [Input] of '{name}' must list its axes in the layout's order.", "layerType");
        return axes;
    }

    /// <summary>Reads <c>[NormLayer]</c> and the single static <c>[Formula]</c> method (usually private) of <paramref name="layerType"/>.</summary>
    public static ReferenceInterpreter ForLayer(Type layerType)
    {
        ArgumentNullException.ThrowIfNull(layerType);
        var layer = layerType.GetCustomAttribute<NormLayerAttribute>()
            ?? throw new ArgumentException($"{layerType.Name} has no [NormLayer] attribute.", nameof(layerType));
        var formulas = layerType.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(m => m.IsDefined(typeof(FormulaAttribute), inherit: false))
            .ToArray();
        if (formulas.Length != 1)
            throw new ArgumentException($"{layerType.Name} must have exactly one static [Formula] method; it has {formulas.Length}.", nameof(layerType));
        if (formulas[0].ReturnType != typeof(Expr) && !IsOutputTuple(formulas[0].ReturnType))
            throw new ArgumentException($"{layerType.Name}.{formulas[0].Name} must return Expr or a tuple of Exprs.", nameof(layerType));
        return new ReferenceInterpreter(layerType, layer, formulas[0]);
    }

    public string LayerName { get; }

    /// <summary>The formula built with the hyper-parameters' default values (its first output's, for a tuple).</summary>
    public Expr Formula { get; }

    /// <summary>Every output's formula, in tuple order (one for a formula returning Expr).</summary>
    public IReadOnlyList<Expr> Formulas { get; }

    /// <summary>
    /// The outputs' names in tuple order, as the generated Forward takes them: y for a formula returning one Expr, the
    /// tuple's element names otherwise.
    /// </summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>
    /// Expr parameters without [Param], in formula order (the input x first); each is laid out like the layout, or over
    /// its [Input] axes in the layout's order (a conditioning input).
    /// </summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Expr parameters with [Param], in formula order; each is stored row-major over its [Param] axes as written (one element for a learned scalar).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The double parameters of the formula, in formula order.</summary>
    public IReadOnlyList<string> HyperParameterNames { get; }

    public int RunningCount { get; }

    /// <summary>Every logical axis: the layout's, then new ones of the parameters, then new ones of the output.</summary>
    public IReadOnlyList<string> AxisNames { get; }

    /// <summary>The axes of y and dy in memory order: <c>Output</c> if the layer sets it, else the layout.</summary>
    public IReadOnlyList<string> OutputAxes { get; }

    /// <summary>
    /// The axes of an output and its gradient in memory order: <see cref="OutputAxes"/> for one output; a tuple's element
    /// is over the output axes its formula varies over (a per-row statistic beside the normalized tensor is over n).
    /// </summary>
    public IReadOnlyList<string> OutputAxesOf(string output)
    {
        int index = OutputNames.ToList().IndexOf(output);
        if (index < 0) throw new ArgumentException($"{LayerName} has no output '{output}' ({string.Join(", ", OutputNames)}).", nameof(output));
        if (OutputNames.Count == 1 && _formula.ReturnType == typeof(Expr)) return OutputAxes;
        var varies = AxesOfExpr(Formulas[index]);
        return OutputAxes.Where(varies.Contains).ToArray();
    }

    /// <summary>The axes a formula varies over as written (nothing is simplified here: x - x keeps x's).</summary>
    private HashSet<string> AxesOfExpr(Expr e) => e switch
    {
        TensorExpr t => [.. _tensorAxes[t.Name]],
        ReduceExpr r => [.. AxesOfExpr(r.Operand).Except(r.Axes)],
        _ => [.. e.Operands.SelectMany(AxesOfExpr)],
    };

    /// <summary>The axes of an input or parameter in memory order.</summary>
    public IReadOnlyList<string> AxesOf(string tensor) =>
        _tensorAxes.TryGetValue(tensor, out var axes) ? axes : throw new ArgumentException($"{LayerName} has no tensor '{tensor}'.", nameof(tensor));

    /// <summary>
    /// Runs the formula forward and backward (loss <c>sum(y * dy)</c>). Every tensor is flat row-major: inputs over the
    /// layout, parameters over their [Param] axes, y and dy over <see cref="OutputAxes"/>, running buffers (formula order)
    /// over their statistic's axes in <see cref="AxisNames"/> order. Hyper-parameters not in <paramref name="hyper"/>
    /// take their C# default values.
    /// </summary>
    public InterpreterResult Run(IReadOnlyDictionary<string, int> axisSizes, IReadOnlyDictionary<string, double[]> tensors, double[] dy,
                                 IReadOnlyDictionary<string, double>? hyper = null, IReadOnlyList<double[]>? running = null, bool training = true)
    {
        if (OutputNames.Count != 1)
            throw new ArgumentException($"{LayerName} has {OutputNames.Count} outputs ({string.Join(", ", OutputNames)}): pass one gradient per output.", nameof(dy));
        return Run(axisSizes, tensors, [dy], hyper, running, training);
    }

    /// <summary>
    /// <see cref="Run(IReadOnlyDictionary{string, int}, IReadOnlyDictionary{string, double[]}, double[], IReadOnlyDictionary{string, double}?, IReadOnlyList{double[]}?, bool)"/>
    /// for any number of outputs: the loss is the sum over the outputs of <c>sum(output * gradient)</c>, with one gradient
    /// per output in <see cref="OutputNames"/> order (dy, dh for <c>(Expr y, Expr h)</c>); the result holds every output.
    /// </summary>
    public InterpreterResult Run(IReadOnlyDictionary<string, int> axisSizes, IReadOnlyDictionary<string, double[]> tensors, IReadOnlyList<double[]> outputGradients,
                                 IReadOnlyDictionary<string, double>? hyper = null, IReadOnlyList<double[]>? running = null, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(outputGradients);
        if (outputGradients.Count != OutputNames.Count)
            throw new ArgumentException($"{LayerName} has {OutputNames.Count} output(s) ({string.Join(", ", OutputNames)}), but {outputGradients.Count} gradient(s) were given.", nameof(outputGradients));
        ArgumentNullException.ThrowIfNull(axisSizes);
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (string axis in axisSizes.Keys)
            if (!AxisNames.Contains(axis)) throw new ArgumentException($"'{axis}' is not an axis of {LayerName} ({string.Join(", ", AxisNames)}).", nameof(axisSizes));
        var axes = AxisNames.Select(a => axisSizes.TryGetValue(a, out int size)
            ? (a, size)
            : throw new ArgumentException($"The size of axis '{a}' of {LayerName} is missing.", nameof(axisSizes))).ToArray();

        foreach (string name in tensors.Keys)
            if (!_tensorAxes.ContainsKey(name)) throw new ArgumentException($"{LayerName} has no tensor '{name}'.", nameof(tensors));
        var named = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (string name in InputNames.Concat(ParameterNames))
        {
            if (!tensors.TryGetValue(name, out var data)) throw new ArgumentException($"Tensor '{name}' of {LayerName} is missing.", nameof(tensors));
            named.Add(name, new NamedTensor(_tensorAxes[name], data));
        }

        if (hyper is not null)
            foreach (string name in hyper.Keys)
                if (!HyperParameterNames.Contains(name)) throw new ArgumentException($"{LayerName} has no hyper-parameter '{name}'.", nameof(hyper));

        var layouts = OutputNames.Select(name => string.Join(' ', OutputAxesOf(name))).ToArray();
        return ExprInterpreter.Run(Build(hyper ?? new Dictionary<string, double>()), axes, named, layouts, outputGradients, running, training);
    }

    /// <summary>
    /// The formula built with these hyper-parameter values (the others at their defaults), the tree <see cref="Run"/>
    /// evaluates: for callers that rewrite it before handing it to <see cref="ExprInterpreter"/>.
    /// </summary>
    public Expr FormulaWith(IReadOnlyDictionary<string, double> hyper)
    {
        ArgumentNullException.ThrowIfNull(hyper);
        return Build(hyper)[0];
    }

    /// <summary>Every output's formula (tuple order) built with these hyper-parameter values, as <see cref="FormulaWith"/> builds the first.</summary>
    public IReadOnlyList<Expr> FormulasWith(IReadOnlyDictionary<string, double> hyper)
    {
        ArgumentNullException.ThrowIfNull(hyper);
        return Build(hyper);
    }

    /// <summary>A ValueTuple of Exprs only: <c>(Expr y, Expr h)</c>, of any length the C# tuple syntax allows.</summary>
    private static bool IsOutputTuple(Type type) =>
        type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal)
        && type.GetGenericArguments() is var args
        && args.Take(7).All(a => a == typeof(Expr)) && (args.Length < 8 || IsOutputTuple(args[7]));

    /// <summary>The tuple element names C# records on the return value ([TupleElementNames]), else y.</summary>
    private static string[] OutputNamesOf(MethodInfo formula)
    {
        if (formula.ReturnType == typeof(Expr)) return ["y"];
        var names = formula.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>()?.TransformNames;
        int count = ((ITuple)Activator.CreateInstance(formula.ReturnType)!).Length;
        return Enumerable.Range(0, count).Select(i => names is not null && i < names.Count && names[i] is { } name ? name : $"Item{i + 1}").ToArray();
    }

    /// <summary>Calls the formula method; with <paramref name="hyper"/> null, a hyper-parameter without a default gets a placeholder.</summary>
    private IReadOnlyList<Expr> Build(IReadOnlyDictionary<string, double>? hyper)
    {
        var args = new object?[_parameters.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var p = _parameters[i];
            if (p.ParameterType == typeof(Expr)) args[i] = Expr.Tensor(p.Name!);
            else if (hyper is not null && hyper.TryGetValue(p.Name!, out double value)) args[i] = value;
            else if (p.HasDefaultValue) args[i] = Convert.ToDouble(p.DefaultValue, System.Globalization.CultureInfo.InvariantCulture);
            else if (hyper is null) args[i] = 1.0;
            else throw new ArgumentException($"Hyper-parameter '{p.Name}' of {LayerName} has no default value; pass it in hyper.", nameof(hyper));
        }
        // DoNotWrapExceptions: a formula's own error (an invalid axis list, say) surfaces as itself.
        object? returned = _formula.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
        // A tuple's elements in order (ITuple flattens nothing: a tuple of 8 or more nests its rest, read through the indexer).
        var outputs = returned is ITuple tuple ? Enumerable.Range(0, tuple.Length).Select(i => tuple[i] as Expr).ToArray() : [returned as Expr];
        if (outputs.Any(o => o is null)) throw new InvalidOperationException($"{LayerName}.{_formula.Name} returned null.");
        return outputs!;
    }
}
