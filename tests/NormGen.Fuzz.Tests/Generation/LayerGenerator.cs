using NormGen.Fuzz.Tests.Model;

namespace NormGen.Fuzz.Tests.Generation;

/// <summary>
/// Builds one random layer from a seed and a complexity budget. Most layers are valid by construction (reductions
/// over axes the operand has, domains kept positive where an op needs it, the output declared when the result's
/// axes differ from the layout's); a few are deliberately malformed to exercise the diagnostics.
/// </summary>
public sealed class LayerGenerator
{
    // Plain names that collide with nothing the generator emits.
    private static readonly string[] PlainTensors = ["x", "v", "z", "u", "beta", "w", "scale", "bias", "p", "q", "xin", "weight", "mask", "gain"];
    private static readonly string[] PlainScalars = ["eps", "alpha", "kappa", "momentum", "temperature", "lambda", "delta", "sigma"];
    private static readonly string[] PlainLocals = ["mean", "centered", "variance", "rstd", "norm", "tmp", "stat", "acc", "energy", "logits"];
    // A tuple's element names (issue 13 item 2); y and dy are not reserved with a tuple.
    private static readonly string[] PlainOutputs = ["h", "out", "res", "gate", "aux", "sum", "y", "z2", "residual_out", "stats"];
    // Every one-argument function of NormGen.Ops, read from the runtime so that a new op is fuzzed the day it exists.
    internal static readonly string[] UnaryFunctions = typeof(NormGen.Ops).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(m => m.ReturnType == typeof(NormGen.Expr) && m.GetParameters() is [{ ParameterType: var t }] && t == typeof(NormGen.Expr))
        .Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static readonly string[] PlainAxes = ["n", "c", "h", "w", "d", "g", "i", "o", "k", "t", "e", "f"];

    // Issue 9 item 2's names, keywords and look-alikes of generated identifiers.
    private static readonly string[] TrickyNames =
    [
        "s", "T", "y", "saved", "shape", "training", "outer", "chunks", "j", "r1", "dx", "dy", "dgamma", "gamma", "Gamma", "gammaGrad",
        "in", "out", "class", "double", "return", "params", "fixed", "event", "var", "value", "async", "await", "nameof", "record",
        "dynamic", "global", "field", "scoped", "file", "required", "yield", "args", "_", "_x", "a_b", "x_1", "X", "Forward", "Backward",
        "Shape", "Saved", "i0", "n0", "offset", "size", "count", "lane", "acc0", "V", "Vector", "span", "result", "grad", "dgammaGrad",
        "c0", "m0", "t1", "t2", "e1", "e2", "x0", "r2", "k", "v0", "s0", "len", "i", "n",
    ];
    private static readonly string[] TrickyAxes = ["in", "out", "ab", "a", "bc", "b", "a_b", "_c", "T", "s", "x", "y", "j", "i0", "n0", "size", "class", "var"];

    private readonly Random _rng;
    private readonly KnownIssues _known;
    private readonly int _budget;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<TensorDecl> _tensors = [];
    private readonly List<HyperDecl> _hypers = [];
    private readonly List<LocalDecl> _locals = [];
    private readonly Dictionary<string, IReadOnlySet<string>> _localAxes = new(StringComparer.Ordinal);
    private List<List<string>> _layout = [];
    private IReadOnlyList<string> _layoutAxes = [];
    // A row-wise layer's leading axes, which no reduction includes (empty otherwise): see Build.
    private IReadOnlySet<string> _rowAxes = new HashSet<string>();
    // A row-wise layer's final scale and shift (see Build), and the tensors the formula may use elsewhere.
    private (TensorDecl Scale, TensorDecl? Shift)? _affine;
    private List<TensorDecl> _referable = [];
    private bool _allowRunning;
    private string? _momentum;

    private LayerGenerator(int seed, int complexity, KnownIssues known)
    {
        _rng = new Random(seed);
        _known = known;
        _budget = complexity;
    }

    /// <summary>A layer from <paramref name="seed"/>; <paramref name="complexity"/> (0-10) bounds depth and counts, so smaller shrinks smaller.</summary>
    public static FuzzLayer Generate(int seed, int complexity, KnownIssues known) => new LayerGenerator(seed, complexity, known).Build();

    private bool Chance(double p) => _rng.NextDouble() < p;
    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private FuzzLayer Build()
    {
        BuildLayout();
        // A row-wise layer, LayerNorm's shape: no reduction over the leading memory axes, parameters over the others.
        // Its kernels loop over those axes on the outside, so a split call's chunks sum the parameters' gradients
        // across rows (RuntimePath.Split); layers with free reductions almost never have that loop with a parameter.
        if (_layout.Count >= 2 && Chance(0.5))
            _rowAxes = _layout.Take(_layout.Count >= 3 && Chance(0.3) ? 2 : 1).SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        int inputs = 1 + (Chance(0.4) ? _rng.Next(Math.Min(2, 1 + _budget / 3)) + 1 : 0);
        int parameters = _rng.Next(0, 1 + Math.Min(3, 1 + _budget / 2));
        int hypers = _rng.Next(0, 1 + Math.Min(2, 1 + _budget / 3));
        int locals = _rng.Next(0, 1 + Math.Min(3, _budget / 2));
        int depth = 1 + Math.Min(5, _budget / 2 + _rng.Next(2));

        var newParamAxes = new List<string>();
        _tensors.Add(new TensorDecl(Name(PlainTensors)));
        // Further inputs are sometimes conditioning inputs, [Input("n d")], over a subset of the layout's axes in its
        // order (issue 13 item 3; the whole layout now and then, which means the same as no attribute).
        for (int i = 1; i < inputs; i++)
            _tensors.Add(new TensorDecl(Name(PlainTensors), InputAxes: Chance(0.6) ? Subset(_layoutAxes, allowEmpty: false) : null));
        for (int i = 0; i < parameters; i++)
        {
            // A learned scalar, [Param] or [Param(Init = 0.5)] (issue 13 item 4): a one-element tensor over no axis.
            if (Chance(0.12))
            {
                var scalar = new TensorDecl(Name(PlainTensors), [], null, Chance(0.5) ? null : Pick(new[] { 0.5, 1.0, 2.0, -1.0 }));
                _tensors.Insert(Chance(0.2) ? 1 + _rng.Next(_tensors.Count) : _tensors.Count, scalar);
                continue;
            }
            var axes = Subset(Reducible(_layoutAxes), allowEmpty: false).ToList();
            if (Chance(0.08))
            {
                string extra = AxisName();
                axes.Add(extra);
                newParamAxes.Add(extra);
            }
            Shuffle(axes, 0.3);
            double? init = Chance(0.5) ? null : Pick(new[] { 0.0, 0.5, 1.0, 2.0, -1.0 });
            var decl = new TensorDecl(Name(PlainTensors), axes, null, init);
            _tensors.Insert(Chance(0.2) ? 1 + _rng.Next(_tensors.Count) : _tensors.Count, decl);
        }
        if (!_tensors[0].IsInput) throw new InvalidOperationException("the first Expr parameter must be the input");

        // A row-wise layer usually ends as LayerNorm does, scaled and shifted by two parameters over the row's axes
        // that appear nowhere else, so their gradients are sums across rows straight into the caller's buffers. A
        // parameter also used inside the formula has its gradient summed in parts, into working buffers combined after
        // the loop, which keeps the kernel unsplit; random expressions alone almost never give the plain shape.
        if (_rowAxes.Count > 0 && Chance(0.8) && _tensors.Where(t => t.ParamAxes is { Count: > 0 }).ToList() is { Count: > 0 } rowParams)
        {
            var gain = Pick(rowParams);
            var others = rowParams.Where(t => t != gain).ToList();
            var bias = others.Count > 0 && Chance(0.7) ? Pick(others) : null;
            _affine = (gain, bias);
            // Without the layer's other parameters: one the formula never reads has a zero gradient filled before the
            // loop, which also keeps the kernel unsplit.
            _tensors.RemoveAll(t => !t.IsInput && t != gain && t != bias);
            newParamAxes.RemoveAll(a => !_tensors.Any(t => t.ParamAxes?.Contains(a) == true));
        }
        _referable = _tensors.Where(t => _affine is not var (a, b) || (t != a && t != b)).ToList();

        for (int i = 0; i < hypers; i++) AddHyper(PlainScalars);
        _allowRunning = Chance(0.25);
        if (_allowRunning && Chance(0.6)) _momentum = AddHyper(["momentum", "mom", "m"], 0.1);

        for (int i = 0; i < locals; i++)
        {
            var value = Expression(depth);
            string name = Name(PlainLocals);
            _locals.Add(new LocalDecl(name, value));
            _localAxes[name] = AxesOf(value);
        }
        var result = Expression(depth);
        if (_affine is var (scale, shift))
        {
            // Over the rows, as a normalization's result is (an expression that never read the input may not be).
            if (!_rowAxes.IsSubsetOf(AxesOf(result))) result = new Binary('*', result, new Ref(_tensors[0].Name));
            result = new Binary('*', result, new Ref(scale.Name));
            if (shift is not null) result = new Binary('+', result, new Ref(shift.Name));
        }
        var resultAxes = AxesOf(result);
        if (resultAxes.Count == 0)
        {
            result = new Binary('*', result, new Ref(_tensors[0].Name));
            resultAxes = AxesOf(result);
        }

        IReadOnlyList<string>? output = null;
        if (!resultAxes.SetEquals(_layoutAxes) || Chance(0.05))
        {
            var axes = resultAxes.ToList();
            axes.Sort(StringComparer.Ordinal);
            // Layout order first when the result has the layout's axes, otherwise any order.
            axes = axes.OrderBy(a => _layoutAxes.Contains(a) ? _layoutAxes.ToList().IndexOf(a) : 100).ToList();
            Shuffle(axes, 0.3);
            output = axes;
        }

        var sizes = Sizes(newParamAxes.Concat(output ?? []), out string? specialize);
        var (resultName, more) = Chance(0.2) ? TupleOutputs(depth, output ?? _layoutAxes) : (null, null);
        var layer = new FuzzLayer(_layout, _tensors, _hypers, _locals, result, output, specialize, sizes, Training: Chance(0.6), DataSeed: _rng.Next(),
                                  MethodName: Chance(0.2) ? Pick(new[] { "Forward", "Backward", "Shape", "F", "formula", "Saved" }) : "Forward",
                                  ResultName: resultName, MoreOutputs: more);
        return Chance(0.06) ? Malform(layer) : layer;
    }

    /// <summary>
    /// A tuple's name for the result and one or two more elements (issue 13 item 2): any expression, a local or an
    /// input (a copy) now and then, each over some of the output's axes (a sum over the others where it has more: an
    /// element over no axis is one value).
    /// </summary>
    private (string, IReadOnlyList<LocalDecl>) TupleOutputs(int depth, IReadOnlyList<string> outputAxes)
    {
        string OutputName() => Chance(0.1) ? Name(TrickyNames) : Name(PlainOutputs);
        string first = OutputName();
        var more = new List<LocalDecl>();
        for (int i = 0, n = 1 + (Chance(0.3) ? 1 : 0); i < n; i++)
        {
            var value = Chance(0.25) ? Leaf() : Expression(depth);
            var extra = AxesOf(value).Where(a => !outputAxes.Contains(a)).ToList();
            if (extra.Count > 0) value = MakeReduce(Pick(new[] { "Sum", "Mean" }), value, extra);
            more.Add(new LocalDecl(OutputName(), value));
        }
        return (first, more);
    }

    private void BuildLayout()
    {
        int axes = 1 + _rng.Next(Math.Min(4, 1 + _budget / 2));
        var names = new List<string>();
        if (Chance(0.15))
        {
            // Axes whose concatenations coincide: {ab, c} with {a, bc}; only some of them fit in the layout.
            names.AddRange(Chance(0.5) ? ["ab", "c", "a", "bc"] : ["a_b", "a", "b_c", "b"]);
            names = names.Take(Math.Max(2, axes)).ToList();
            foreach (var n in names) _names.Add(n);
        }
        while (names.Count < axes) names.Add(AxisName());
        _layout = [];
        for (int i = 0; i < names.Count; i++)
        {
            // A group "(g c)" splits one memory axis into two (or three) logical ones.
            int group = i + 1 < names.Count && Chance(0.2) ? (i + 2 < names.Count && Chance(0.2) ? 3 : 2) : 1;
            _layout.Add(names.Skip(i).Take(group).ToList());
            i += group - 1;
        }
        _layoutAxes = names;
    }

    private string AxisName()
    {
        var pool = Chance(0.3) ? TrickyAxes : PlainAxes;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            string name = Pick(pool);
            if (_names.Add(name)) return name;
        }
        string fallback = "ax" + _names.Count;
        _names.Add(fallback);
        return fallback;
    }

    private string Name(string[] plain)
    {
        var pool = Chance(0.35) ? TrickyNames : plain;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            string name = Pick(pool);
            if (_names.Add(name)) return name;
        }
        string fallback = plain[0] + _names.Count;
        _names.Add(fallback);
        return fallback;
    }

    private string AddHyper(string[] plain, double? fixedDefault = null)
    {
        string name = Name(plain);
        double value = fixedDefault ?? Pick(new[] { 1e-5, 1e-3, 0.1, 0.5, 1.0, 2.0, 0.25 });
        // C# needs optional parameters last: a hyper-parameter without a default only while none has one yet.
        bool withDefault = fixedDefault is not null || _hypers.Any(h => h.Default is not null) || Chance(0.8);
        _hypers.Add(new HyperDecl(name, withDefault ? value : null, value));
        return name;
    }

    private IReadOnlySet<string> AxesOf(Node node)
    {
        var layer = new FuzzLayer(_layout, _tensors, _hypers, _locals, node, null, null, new Dictionary<string, int>(), true, 0);
        return layer.AxesOf(node, _localAxes);
    }

    /// <summary>The axes a reduction may sum over: all but a row-wise layer's leading ones.</summary>
    private List<string> Reducible(IEnumerable<string> axes) => axes.Where(a => !_rowAxes.Contains(a)).ToList();

    private List<string> Subset(IReadOnlyCollection<string> axes, bool allowEmpty)
    {
        var result = axes.Where(_ => Chance(0.5)).ToList();
        if (result.Count == 0 && !allowEmpty && axes.Count > 0) result.Add(axes.ElementAt(_rng.Next(axes.Count)));
        return result;
    }

    private void Shuffle(List<string> items, double probability)
    {
        if (!Chance(probability)) return;
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private Node Leaf()
    {
        double roll = _rng.NextDouble();
        if (roll < 0.12) return Constant();
        if (roll < 0.2 && _hypers.Count > 0) return new Ref(Pick(_hypers).Name);
        if (roll < 0.4 && _locals.Count > 0) return new Ref(Pick(_locals).Name);
        return new Ref(roll < 0.7 ? _tensors[0].Name : Pick(_referable).Name);
    }

    private Const Constant()
    {
        var choices = new (double, string)[]
        {
            (2, "2"), (0.5, "0.5"), (1, "1.0"), (3, "3.0"), (-1, "-1.0"), (1e-5, "1e-5"), (0.25, "0.25"), (0.5, "0.5f"), (1.5, "1.5"), (10, "10"),
        };
        var (value, text) = Pick(choices);
        return new Const(value, text);
    }

    private Node Expression(int depth)
    {
        if (depth <= 0 || Chance(0.15)) return Leaf();
        double roll = _rng.NextDouble();
        if (roll < 0.22) return Arith(depth);
        if (roll < 0.40) return Reduction(depth);
        if (roll < 0.58) return Unary(depth);
        if (roll < 0.66) return Power(depth);
        if (roll < 0.74) return MaxMin(depth);
        if (roll < 0.80) return new Neg(Expression(depth - 1));
        if (roll < 0.86 && _allowRunning) return Running(depth);
        if (roll < 0.94) return Normalize(depth);
        return Leaf();
    }

    private Node Arith(int depth)
    {
        char op = Pick(new[] { '+', '-', '*', '/' });
        var left = Expression(depth - 1);
        var right = op == '/' ? Positive(depth - 1) : Expression(depth - 1);
        return new Binary(op, left, right);
    }

    /// <summary>A value bounded away from 0 (and positive), for Log, Sqrt, Rsqrt, divisors and fractional powers.</summary>
    private Node Positive(int depth)
    {
        var inner = Expression(depth - 1);
        double roll = _rng.NextDouble();
        if (roll < 0.3) return new Binary('+', new Call("Square", [inner]), Positive(Constant()));
        if (roll < 0.55) return new Binary('+', new Call("Abs", [inner]), Positive(Constant()));
        if (roll < 0.7) return new Call("Sigmoid", [inner]);
        if (roll < 0.8) return new Call("Exp", [new Call("Tanh", [inner])]);
        var axes = Reducible(AxesOf(inner));
        if (axes.Count > 0)
        {
            // The normalizers' shape: Var(e, axes) + eps.
            var red = MakeReduce("Var", inner, Subset(axes, allowEmpty: false));
            // A switch may have left no axis to reduce: then the operand itself is no positive value.
            if (red is not Reduce) return new Binary('+', new Call("Square", [inner]), Positive(Constant()));
            Node eps = _hypers.Count > 0 && Chance(0.5) ? PositiveHyper() ?? Positive(Constant()) : Positive(Constant());
            return new Binary('+', red, eps);
        }
        return new Binary('+', new Call("Square", [inner]), Positive(Constant()));
    }

    private Node? PositiveHyper() => _hypers.Where(h => h.Value > 0).Select(h => (Node)new Ref(h.Name)).FirstOrDefault();

    private static Const Positive(Const c) => c.Value > 0 ? c : new Const(1, "1.0");

    private Node Unary(int depth)
    {
        string f = Pick(UnaryFunctions);
        return f is "Sqrt" or "Rsqrt" or "Log" ? new Call(f, [Positive(depth)]) : new Call(f, [Expression(depth - 1)]);
    }

    private Node Power(int depth)
    {
        var (exponent, text) = Pick(new (double, string)[] { (2, "2"), (3, "3"), (-1, "-1"), (0.5, "0.5"), (1.5, "1.5"), (-0.5, "-0.5"), (1, "1"), (0, "0"), (4, "4.0") });
        bool needsPositive = exponent < 0 || exponent != Math.Floor(exponent);
        return new Pow(needsPositive ? Positive(depth) : Expression(depth - 1), new Const(exponent, text));
    }

    private Node MaxMin(int depth)
    {
        if (Chance(0.5))
        {
            var operand = Chance(0.3) ? new Ref(Pick(_referable).Name) : Expression(depth - 1);
            var axes = Reducible(AxesOf(operand));
            if (axes.Count == 0) return operand;
            return MakeReduce(Pick(new[] { "Max", "Min" }), operand, Subset(axes, allowEmpty: false));
        }
        var a = Expression(depth - 1);
        var b = Expression(depth - 1);
        return new Call(Pick(new[] { "Maximum", "Minimum" }), [a, b]);
    }

    private Node Reduction(int depth)
    {
        var operand = Expression(depth - 1);
        var axes = Reducible(AxesOf(operand));
        if (axes.Count == 0) return operand;
        string f = Pick(new[] { "Sum", "Mean", "Var", "Sum", "Mean" });
        return MakeReduce(f, operand, Subset(axes, allowEmpty: false));
    }

    /// <summary>The normalizers' pattern, (e - Mean(e)) * Rsqrt(Var(e) + eps), which exercises the one-sweep statistics.</summary>
    private Node Normalize(int depth)
    {
        var e = Expression(depth - 1);
        var axes = Reducible(AxesOf(e));
        if (axes.Count == 0) return e;
        var reduced = Subset(axes, allowEmpty: false);
        Node mean = MakeReduce("Mean", e, reduced);
        Node variance = MakeReduce("Var", e, reduced);
        Node eps = Positive(Constant());
        return new Binary('*', new Binary('-', e, mean), new Call("Rsqrt", [new Binary('+', variance, eps)]));
    }

    private Node Running(int depth)
    {
        var operand = Expression(depth - 1);
        var axes = Reducible(AxesOf(operand));
        if (axes.Count == 0) return operand;
        bool variance = Chance(0.5);
        var stat = MakeReduce(variance ? "Var" : "Mean", operand, Subset(axes, allowEmpty: false));
        if (stat is not Reduce) return stat;
        string momentum = _momentum is not null && Chance(0.7) ? Identifiers.Escape(_momentum) : Pick(new[] { "0.1", "0.5", "1.0", "0.01" });
        return new RunningStat(stat, momentum, variance && Chance(0.6));
    }

    private Node MakeReduce(string function, Node operand, List<string> chosen)
    {
        var axes = chosen.ToList();
        Shuffle(axes, 0.4);
        string text = string.Join(Chance(0.1) ? "  " : " ", axes);
        return new Reduce(function, operand, axes, Chance(0.05) ? " " + text + " " : text);
    }

    private Dictionary<string, int> Sizes(IEnumerable<string> extraAxes, out string? specialize)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string axis in _layoutAxes.Concat(extraAxes))
            sizes[axis] = Chance(0.15) && !_rowAxes.Contains(axis) ? 1 : 2 + _rng.Next(4);
        specialize = null;
        if (Chance(0.15))
        {
            string axis = Pick(_layoutAxes);
            int size = Pick(new[] { 16, 32, 3, 8, 48 });
            specialize = $"{axis}={size}";
            if (Chance(0.3)) specialize += $"; {axis}={size * 2}";
            if (Chance(0.7)) sizes[axis] = size;
        }
        // Keep every tensor small: the interpreter and the compile dominate, not the data.
        while (sizes.Values.Aggregate(1L, (p, s) => p * s) > 768)
        {
            string largest = sizes.OrderByDescending(p => p.Value).First().Key;
            sizes[largest] = Math.Max(1, sizes[largest] / 2);
        }
        return sizes;
    }

    /// <summary>One deliberate mistake a user could make: the generator must answer it with an NG diagnostic.</summary>
    private FuzzLayer Malform(FuzzLayer layer)
    {
        switch (_rng.Next(8))
        {
            case 6: // a conditioning input's axes out of the layout's order (NG0014)
                var conditioning = layer.Tensors.FirstOrDefault(t => t.InputAxes is { Count: > 1 });
                if (conditioning is null) goto case 0;
                return layer with { Tensors = layer.Tensors.Select(t => t == conditioning ? t with { InputAxes = t.InputAxes!.Reverse().ToArray() } : t).ToArray() };
            case 7: // a tuple element over an axis the output does not have (NG0019)
                var outside = layer.LayoutAxes.FirstOrDefault(a => layer.Output is { } o && !o.Contains(a));
                if (!layer.IsTuple || outside is null) goto case 0;
                return layer with { MoreOutputs = [.. layer.Extra, new LocalDecl("strayOutput", new Ref(layer.Tensors[0].Name))] };
            case 0: // a reduction over an axis the layout does not have
                return layer with { Result = new Binary('+', layer.Result, new Reduce("Sum", new Ref(layer.Tensors[0].Name), ["nosuchaxis"], "nosuchaxis")) };
            case 1: // an output that is not the result's axes
                return layer with { Output = [.. layer.LayoutAxes.Take(Math.Max(1, layer.LayoutAxes.Count - 1)), "zz"] };
            case 2: // a malformed Specialize
                return layer with { Specialize = Pick(new[] { $"{layer.LayoutAxes[0]}=0", "nosuchaxis=4", $"{layer.LayoutAxes[0]}", "=3" }) };
            case 3: // a malformed layout
                return layer with { LayoutText = Pick(new[] { layer.RenderLayout() + " (", layer.RenderLayout() + " " + layer.LayoutAxes[0], "(" + layer.RenderLayout(), layer.RenderLayout() + " 1x" }) };
            case 4: // a reduction over an axis the operand does not vary over
                var param = layer.Tensors.FirstOrDefault(t => !t.IsInput && t.ParamAxes!.Count < layer.LayoutAxes.Count);
                if (param is null) goto case 0;
                string missing = layer.LayoutAxes.First(a => !param.ParamAxes!.Contains(a));
                return layer with { Result = new Binary('*', layer.Result, new Reduce("Mean", new Ref(param.Name), [missing], missing)) };
            default: // a [Param] over an unknown axis string
                return layer with { Tensors = [.. layer.Tensors, new TensorDecl("extraParam", ["nosuchaxis"], "nosuchaxis (", null)] };
        }
    }
}
