using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Ir;

/// <summary>
/// Builds the IR of a parsed formula: binds names, gives every node its axes, desugars Mean and Var into sums,
/// and lowers Running(...) once per mode. Reports the diagnostics that need axes (NG0004, NG0005, NG0011, NG0012).
/// </summary>
internal sealed class IrBuilder
{
    private readonly LayerModel _model;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Graph _graph;
    private readonly Dictionary<string, Node> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorDecl> _running = new(StringComparer.Ordinal);
    private readonly List<RunningStat> _runningStats = new();
    /// <summary>Each local's syntax, so a Running over a local sees the statistic the local holds.</summary>
    private readonly Dictionary<string, FormulaNode> _localSyntax = new(StringComparer.Ordinal);
    private AxisSet _inputAxes;
    private bool _training;
    private string? _bindingName;

    private IrBuilder(LayerModel model)
    {
        _model = model;
        _graph = new Graph(new AxisTable());
    }

    public static LayerIr? Build(LayerModel model, out ImmutableArray<DiagnosticInfo> diagnostics)
    {
        var builder = new IrBuilder(model);
        var ir = builder.Build();
        diagnostics = builder._diagnostics.ToImmutableArray();
        return diagnostics.IsEmpty ? ir : null;
    }

    private AxisTable Axes => _graph.Axes;

    private LayerIr? Build()
    {
        var layout = AxisList.Parse(_model.Layout, out var error);
        if (layout is null)
        {
            Report(DiagnosticDescriptors.MalformedLayout, _model.LayoutLocation, _model.Layout, error);
            return null;
        }
        foreach (var name in layout.Names) Axes.Add(name);
        _inputAxes = Axes.SetOf(layout.Names);

        var paramAxes = new Dictionary<string, ImmutableArray<string>>();
        foreach (var p in _model.Parameters.Where(p => p.Role == ParameterRole.Param))
        {
            if (p.Axes is null)
            {
                paramAxes[p.Name] = ImmutableArray<string>.Empty;   // a learned scalar
                continue;
            }
            var list = AxisList.Parse(p.Axes, out error);
            if (list is null)
            {
                Report(DiagnosticDescriptors.MalformedLayout, p.AxesLocation ?? p.Location, p.Axes ?? "", error);
                return null;
            }
            paramAxes[p.Name] = list.Names;
            foreach (var name in list.Names) Axes.Add(name);
        }

        var outputNames = layout.Names;
        if (_model.OutputLayout is not null)
        {
            var output = AxisList.Parse(_model.OutputLayout, out error);
            if (output is null)
            {
                Report(DiagnosticDescriptors.MalformedLayout, _model.OutputLayoutLocation, _model.OutputLayout, error);
                return null;
            }
            outputNames = output.Names;
            foreach (var name in outputNames) Axes.Add(name);
        }
        if (Axes.Names.Count > 24)
        {
            Report(DiagnosticDescriptors.MalformedLayout, _model.LayoutLocation, _model.Layout, "a layer may have at most 24 axes");
            return null;
        }

        var inputs = ImmutableArray.CreateBuilder<TensorDecl>();
        var parameters = ImmutableArray.CreateBuilder<TensorDecl>();
        var hypers = ImmutableArray.CreateBuilder<HyperDecl>();
        var layoutStorage = layout.Names.Select(n => IndexOf(n)).ToImmutableArray();
        foreach (var p in _model.Parameters)
        {
            switch (p.Role)
            {
                case ParameterRole.Input:
                    var input = new TensorDecl(p.Name, TensorRole.Input, layoutStorage, SetOf(layoutStorage), 0);
                    inputs.Add(input);
                    _parameters[p.Name] = _graph.Tensor(p.Name, input.Axes);
                    break;
                case ParameterRole.Param:
                    var storage = paramAxes[p.Name].Select(IndexOf).ToImmutableArray();
                    var decl = new TensorDecl(p.Name, TensorRole.Param, storage, SetOf(storage), p.Init);
                    parameters.Add(decl);
                    _parameters[p.Name] = _graph.Tensor(p.Name, decl.Axes);
                    break;
                default:
                    hypers.Add(new HyperDecl(p.Name, p.Default));
                    _parameters[p.Name] = _graph.Hyper(p.Name);
                    break;
            }
        }

        _training = true;
        var (trainingOutput, locals) = Evaluate();
        if (trainingOutput is null) return null;
        var runningStats = _runningStats.ToImmutableArray();
        _training = false;
        var (evalOutput, _) = Evaluate();
        _training = true;
        if (evalOutput is null) return null;

        var outputStorage = outputNames.Select(IndexOf).ToImmutableArray();
        var outputAxes = SetOf(outputStorage);
        if (trainingOutput.Axes != outputAxes)
        {
            // The extra axis usually comes from a [Param] over an axis neither the layout nor the output has: say so there.
            var known = SetOf(layoutStorage) | outputAxes;
            foreach (var p in _model.Parameters.Where(p => p.Role == ParameterRole.Param))
            {
                var stray = paramAxes[p.Name].FirstOrDefault(a => !known.Contains(IndexOf(a)) && trainingOutput.Axes.Contains(IndexOf(a)));
                if (stray is null) continue;
                Report(DiagnosticDescriptors.InvalidParameter, p.AxesLocation ?? p.Location, p.Name,
                    $"axis '{stray}' is in neither the layout \"{_model.Layout}\" nor the output, yet the result varies over it: reduce it in the formula or add it to Output");
                return null;
            }
            Report(DiagnosticDescriptors.OutputAxesMismatch, _model.Result.Location, Axes.Format(trainingOutput.Axes), Axes.Format(outputAxes));
            return null;
        }

        var specializations = Specializations();
        if (specializations is null) return null;
        return new LayerIr(_model, _graph, layout, outputStorage, inputs.ToImmutable(), parameters.ToImmutable(),
            hypers.ToImmutable(), runningStats, trainingOutput, evalOutput, locals, specializations.Value);
    }

    /// <summary>
    /// Parses Specialize: variants separated by ';', each a comma-separated list of axis=size, e.g.
    /// "d=768; d=1024" or "h=32, w=32".
    /// </summary>
    private ImmutableArray<Specialization>? Specializations()
    {
        var result = ImmutableArray.CreateBuilder<Specialization>();
        if (string.IsNullOrWhiteSpace(_model.Specialize)) return result.ToImmutable();
        string text = _model.Specialize!;
        foreach (var variant in text.Split(';'))
        {
            var sizes = new SortedDictionary<int, int>();
            foreach (var item in variant.Split(','))
            {
                var parts = item.Split('=');
                if (parts.Length != 2 || !Axes.TryGet(parts[0].Trim(), out int axis)
                    || !int.TryParse(parts[1].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size) || size <= 0)
                {
                    string why = parts.Length == 2 && !Axes.TryGet(parts[0].Trim(), out _)
                        ? $"'{parts[0].Trim()}' is not an axis of the layer"
                        : $"'{item.Trim()}' is not axis=size with a positive size";
                    Report(DiagnosticDescriptors.InvalidSpecialize, _model.SpecializeLocation ?? _model.Location, text, why);
                    return null;
                }
                if (sizes.ContainsKey(axis))
                {
                    Report(DiagnosticDescriptors.InvalidSpecialize, _model.SpecializeLocation ?? _model.Location, text, $"'{parts[0].Trim()}' is given twice in one variant");
                    return null;
                }
                sizes[axis] = size;
            }
            var spec = new Specialization(sizes.Select(p => (p.Key, p.Value)).ToImmutableArray());
            if (result.Any(r => r.Name == spec.Name)) continue;
            result.Add(spec);
        }
        return result.ToImmutable();
    }

    private int IndexOf(string axis) => Axes.TryGet(axis, out int i) ? i : throw new InvalidOperationException(axis);

    private static AxisSet SetOf(IEnumerable<int> axes)
    {
        var set = AxisSet.Empty;
        foreach (var a in axes) set |= AxisSet.Of(a);
        return set;
    }

    private (Node? Output, ImmutableArray<(string, Node)> Locals) Evaluate()
    {
        _runningStats.Clear();
        var env = new Dictionary<string, Node>(_parameters, StringComparer.Ordinal);
        var locals = ImmutableArray.CreateBuilder<(string, Node)>();
        foreach (var local in _model.Locals)
        {
            _localSyntax[local.Name] = local.Value;
            _bindingName = local.Name;
            var value = Lower(local.Value, env);
            _bindingName = null;
            if (value is null) return (null, default);
            env[local.Name] = value;
            locals.Add((local.Name, value));
        }
        return (Lower(_model.Result, env), locals.ToImmutable());
    }

    private Node? Lower(FormulaNode node, Dictionary<string, Node> env)
    {
        // Only a Running(...) that is the whole value of a local takes the local's name.
        string? binding = _bindingName;
        _bindingName = null;
        switch (node)
        {
            case ConstNode c:
                return _graph.Constant(c.Value);
            case RefNode r:
                if (env.TryGetValue(r.Name, out var bound)) return bound;
                Report(DiagnosticDescriptors.UnsupportedExpression, r.Location, r.Name);
                return null;
            case NegateNode n:
                var operand = Lower(n.Operand, env);
                return operand is null ? null : _graph.Negate(operand);
            case BinaryNode b:
                var left = Lower(b.Left, env);
                var right = Lower(b.Right, env);
                if (left is null || right is null) return null;
                return b.Operator switch
                {
                    '+' => _graph.Add(left, right),
                    '-' => _graph.Subtract(left, right),
                    '*' => _graph.Multiply(left, right),
                    _ => _graph.Divide(left, right),
                };
            case CallNode call:
                _bindingName = binding;
                return LowerCall(call, env);
        }
        Report(DiagnosticDescriptors.UnsupportedExpression, node.Location, node.GetType().Name);
        return null;
    }

    private Node? LowerCall(CallNode call, Dictionary<string, Node> env)
    {
        string? binding = _bindingName;
        _bindingName = null;
        var args = new List<Node>();
        foreach (var a in call.Arguments)
        {
            var lowered = Lower(a, env);
            if (lowered is null) return null;
            args.Add(lowered);
        }
        // The op's descriptor (OpTable) lowers it; only Running needs the builder's state.
        var op = OpTable.Of(call.Op);
        return op.Shape switch
        {
            OpShape.Reduction => ReductionAxes(call, args[0]) is { } axes ? op.Reduction!(_graph, args[0], axes) : null,
            OpShape.Elementwise => op.Elementwise!(_graph, args),
            OpShape.Pow => _graph.Power(args[0], call.Exponent ?? 1.0),
            OpShape.Running => LowerRunning(call, args[0], args[1], binding),
        };
    }

    private AxisSet? ReductionAxes(CallNode call, Node operand)
    {
        var list = AxisList.Parse(call.Axes, out var error);
        if (list is null)
        {
            Report(DiagnosticDescriptors.MalformedLayout, call.AxesLocation ?? call.Location, call.Axes ?? "", error);
            return null;
        }
        var set = AxisSet.Empty;
        foreach (var name in list.Names)
        {
            if (!Axes.TryGet(name, out int axis))
            {
                Report(DiagnosticDescriptors.UnknownAxis, call.AxesLocation ?? call.Location, name, _model.Layout);
                return null;
            }
            if (!operand.Axes.Contains(axis))
            {
                Report(DiagnosticDescriptors.ReductionOverMissingAxis, call.Location, call.Method, name, Axes.Format(operand.Axes));
                return null;
            }
            set |= AxisSet.Of(axis);
        }
        return set;
    }

    private Node? LowerRunning(CallNode call, Node stat, Node momentum, string? binding)
    {
        if (!momentum.Axes.IsEmpty)
        {
            Report(DiagnosticDescriptors.InvalidRunning, call.Location, "momentum must be a constant or a double hyper-parameter");
            return null;
        }
        // The statistic's axes as written, not as simplified: Mean(x - Mean(x, "n"), "n") folds to 0 but is still one
        // value per f, as the interpreter (which does not simplify) and a PyTorch user size its running buffer.
        var statAxes = DeclaredAxes(call.Arguments[0]);
        if (_inputAxes.IsSubsetOf(statAxes))
        {
            Report(DiagnosticDescriptors.InvalidRunning, call.Location,
                $"needs a statistic reduced over the batch, such as Mean(x, \"{Axes.Name(_inputAxes.Indices().First())}\"): this one varies over every axis of the input ({Axes.Format(statAxes)}), so its running buffer would change size with the batch");
            return null;
        }
        var unbiasedScale = _graph.One;
        var unbiasedCount = AxisSet.Empty;
        var variance = VarianceCall(call.Arguments[0]);
        if (call.Unbiased)
        {
            if (variance is null)
            {
                Report(DiagnosticDescriptors.InvalidRunning, call.Location, "unbiased: true needs a Var(...) statistic (inline or a local holding one) as its first argument");
                return null;
            }
            unbiasedCount = ReductionAxesUnchecked(variance);
            var n = _graph.Count(unbiasedCount);
            unbiasedScale = _graph.Divide(n, _graph.Subtract(n, _graph.One));
        }
        int index = _runningStats.Count;
        string name = binding is null ? "running" + index : "running" + Parsing.NameRules.Pascal(binding);
        if (_model.UserMembers.FirstOrDefault(m => m.Name == Parsing.NameRules.Pascal(name)) is { } member)
        {
            Report(DiagnosticDescriptors.NameCollision, member.Location ?? call.Location, member.Name,
                $"this member of the partial class would have the same name as the property '{member.Name}' generated for the running buffer '{name}'");
            return null;
        }
        if (RunningNameClash(name) is { } clash)
        {
            Report(DiagnosticDescriptors.NameCollision, call.Location, name, $"the running buffer this Running(...) creates would have the same name as {clash}");
            return null;
        }
        if (!_running.TryGetValue(name + "#" + index, out var buffer))
        {
            var storage = statAxes.Indices().ToImmutableArray();
            // PyTorch starts a running variance at 1 and anything else (a running mean) at 0, however it is spelled.
            double init = variance is not null ? 1 : 0;
            buffer = new TensorDecl(name, TensorRole.Running, storage, statAxes, init);
            _running[name + "#" + index] = buffer;
        }
        _runningStats.Add(new RunningStat(buffer, stat, momentum, unbiasedScale, unbiasedCount));
        return _training ? stat : _graph.Tensor(buffer.Name, buffer.Axes);
    }

    /// <summary>
    /// The axes a formula value varies over as written (a tensor's axes, a reduction's operand's minus the reduced
    /// ones, the union for anything else), before the graph folds it: the one source of a running buffer's size.
    /// </summary>
    private AxisSet DeclaredAxes(FormulaNode node) => node switch
    {
        RefNode r when _parameters.TryGetValue(r.Name, out var p) => p.Axes,
        RefNode r when _localSyntax.TryGetValue(r.Name, out var value) => DeclaredAxes(value),
        CallNode c when OpTable.Of(c.Op).Shape == OpShape.Reduction => DeclaredAxes(c.Arguments[0]) - ReductionAxesUnchecked(c),
        CallNode { Op: Op.Running } c => DeclaredAxes(c.Arguments[0]),
        CallNode c => c.Arguments.Aggregate(AxisSet.Empty, (all, a) => all | DeclaredAxes(a)),
        NegateNode n => DeclaredAxes(n.Operand),
        BinaryNode b => DeclaredAxes(b.Left) | DeclaredAxes(b.Right),
        _ => AxisSet.Empty,
    };

    /// <summary>
    /// The Var(...) call a Running's statistic is, written inline or held by a local (through any chain of locals), as
    /// the runtime sees it: there a local is the same Expr object. Null for any other statistic.
    /// </summary>
    private CallNode? VarianceCall(FormulaNode stat)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (stat is RefNode r && seen.Add(r.Name) && _localSyntax.TryGetValue(r.Name, out var value)) stat = value;
        return stat is CallNode { Op: Op.Var } variance ? variance : null;
    }

    /// <summary>What a running buffer's argument name or Pascal-cased property would equal, if anything.</summary>
    private string? RunningNameClash(string name)
    {
        string property = Parsing.NameRules.Pascal(name);
        foreach (var p in _model.Parameters)
        {
            if (p.Name == name) return $"parameter '{p.Name}'";
            if (p.Role != ParameterRole.Hyper && "d" + p.Name == name) return $"the gradient 'd{p.Name}'";
            if (p.Role != ParameterRole.Input && Parsing.NameRules.Pascal(p.Name) == property) return $"the property '{property}' of parameter '{p.Name}'";
            if (p.Role == ParameterRole.Param && Parsing.NameRules.Pascal(p.Name) + "Grad" == property) return $"the property '{property}' of parameter '{p.Name}'";
        }
        if (_model.MethodName == property) return $"the formula method '{property}'";
        foreach (var r in _runningStats)
        {
            if (Parsing.NameRules.Pascal(r.Buffer.Name) == property) return $"another running buffer '{r.Buffer.Name}'";
        }
        return null;
    }

    private AxisSet ReductionAxesUnchecked(CallNode call)
    {
        var list = AxisList.Parse(call.Axes, out _);
        return list is null ? AxisSet.Empty : Axes.SetOf(list.Names.Where(n => Axes.TryGet(n, out _)));
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args)
    {
        // The two modes lower the same syntax; report each problem once.
        if (!_training) return;
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location ?? _model.Location, args));
    }
}
