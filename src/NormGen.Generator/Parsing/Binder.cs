using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// The bind step, at the end of parsing: numbers the layer's axes, resolves each reduction's axes, local and Running
/// target, parses Specialize, and reports every semantic diagnostic, including those that need the folded IR (it
/// builds the IR once to find them). What comes out, a <see cref="BoundLayer"/>, holds no source location, so the
/// compile step after it is skipped when an edit only moves the layer's text.
/// </summary>
internal sealed class Binder
{
    /// <summary>More axes than an <see cref="AxisSet"/> holds, with room to spare for the generated ones.</summary>
    private const int MaxAxes = 24;

    private readonly LayerModel _model;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<string> _axes = new();
    private readonly Dictionary<string, int> _axisIndex = new(StringComparer.Ordinal);
    /// <summary>Each parameter's axes (a hyper-parameter's are empty), for the declared axes of a Running statistic.</summary>
    private readonly Dictionary<string, (ParameterRole Role, AxisSet Axes)> _parameters = new(StringComparer.Ordinal);
    /// <summary>Each local's syntax, so a Running over a local sees the statistic the local holds.</summary>
    private readonly Dictionary<string, FormulaNode> _locals = new(StringComparer.Ordinal);
    private readonly List<RunningTarget> _running = new();
    /// <summary>Where each <see cref="BoundCall.Site"/> is written.</summary>
    private readonly List<LocationInfo?> _sites = new();
    private AxisSet _inputAxes;

    private Binder(LayerModel model) => _model = model;

    public static BindResult Bind(LayerParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Model is not { } model) return new BindResult(null, parsed.Diagnostics, null, null, null);
        cancellationToken.ThrowIfCancellationRequested();
        var binder = new Binder(model);
        BoundLayer? layer;
        try
        {
            layer = binder.BindLayer();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A binder bug must cost one layer a diagnostic, not the whole project its generator (CS8785).
            binder._diagnostics.Add(InternalErrors.Create(model.ClassName, model.Location, exception));
            layer = null;
        }
        var diagnostics = parsed.Diagnostics.Concat(binder._diagnostics).ToEquatableArray();
        bool failed = diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);
        return new BindResult(failed ? null : layer, diagnostics, BoundLayer.HintNameOf(model.Namespace, model.ClassName), model.ClassName, model.Location);
    }

    private BoundLayer? BindLayer()
    {
        // The parser validated every axis list; what is left is numbering them.
        var layout = Parsed(_model.Layout);
        AddAxes(layout.Names);
        var paramAxes = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var p in _model.Parameters.Where(p => p.Role == ParameterRole.Param))
        {
            paramAxes[p.Name] = p.Axes is null ? ImmutableArray<string>.Empty : Parsed(p.Axes).Names;   // null: a learned scalar
            AddAxes(paramAxes[p.Name]);
        }
        var outputNames = _model.OutputLayout is null ? layout.Names : Parsed(_model.OutputLayout).Names;
        AddAxes(outputNames);
        if (_axes.Count > MaxAxes)
        {
            Report(DiagnosticDescriptors.MalformedLayout, _model.LayoutLocation, _model.Layout, $"a layer may have at most {MaxAxes} axes");
            return null;
        }

        var layoutStorage = layout.Names.Select(n => _axisIndex[n]).ToEquatableArray();
        _inputAxes = SetOf(layoutStorage);
        var parameters = new List<BoundParameter>();
        foreach (var p in _model.Parameters)
        {
            var storage = p.Role switch
            {
                ParameterRole.Input when p.Axes is not null => ConditioningStorage(p, layout, isFirst: !parameters.Any(b => b.Role == ParameterRole.Input)),
                ParameterRole.Input => layoutStorage,
                ParameterRole.Param => paramAxes[p.Name].Select(n => _axisIndex[n]).ToEquatableArray(),
                _ => EquatableArray<int>.Empty,
            };
            if (storage is not { } bound) return null;
            parameters.Add(new BoundParameter(p.Name, p.Role, bound, p.Init, p.Default));
            _parameters[p.Name] = (p.Role, SetOf(bound));
        }

        var locals = new List<BoundLocal>();
        foreach (var local in _model.Locals)
        {
            _locals[local.Name] = local.Value;
            // Only a Running(...) that is the whole value of a local takes the local's name.
            var value = Bind(local.Value, binding: local.Name);
            if (value is null) return null;
            locals.Add(new BoundLocal(local.Name, value));
        }
        var result = Bind(_model.Result, binding: null);
        if (result is null) return null;
        var outputs = BindOutputs(result);
        if (outputs is null) return null;
        var specializations = Specializations();
        if (specializations is null) return null;

        var layer = new BoundLayer(_model.Namespace, _model.ClassName, _model.MethodName, _model.Layout,
            _axes.ToEquatableArray(), layoutStorage, outputNames.Select(n => _axisIndex[n]).ToEquatableArray(),
            parameters.ToEquatableArray(), locals.ToEquatableArray(), result, _running.ToEquatableArray(), specializations.Value)
        {
            Outputs = outputs.Value,
        };

        // What only the folded graph shows; the compile step builds the same IR again, from the layer alone.
        var ir = IrBuilder.Build(layer, problem => Report(problem.Descriptor, Locate(problem.Site), problem.Arguments));
        if (ir is null) return null;
        // The stateful layer's constructor and methods take parameters fixed by the IR (the axes of the parameters and
        // running buffers): a user member with exactly those would be CS0111 in the generated file.
        var duplicates = NameRules.SignatureCollisions(_model.ClassName, _model.UserMembers, new Emit.ApiShape(ir).StatefulSignatures).ToList();
        _diagnostics.AddRange(duplicates);
        return duplicates.Count > 0 ? null : layer;
    }

    /// <summary>
    /// The storage of an [Input(axes)] conditioning input: its axes in the layout's order, which must be the order they
    /// are written in (the input is stored so, as a [Param] is stored in its written order). Null after reporting an
    /// axis the layout lacks, a different order, or a first input that is not over the whole layout (the first input is
    /// the layer's input, whose length gives the stateful layer's and the tensor overloads' shape).
    /// </summary>
    private EquatableArray<int>? ConditioningStorage(FormulaParameter p, AxisList layout, bool isFirst)
    {
        var at = p.AxesLocation ?? p.Location;
        var names = Parsed(p.Axes!).Names;
        if (names.FirstOrDefault(n => !layout.Names.Contains(n)) is { } unknown)
        {
            Report(DiagnosticDescriptors.UnknownAxis, at, unknown, _model.Layout);
            return null;
        }
        var inLayoutOrder = layout.Names.Where(names.Contains).ToList();
        if (!inLayoutOrder.SequenceEqual(names))
        {
            Report(DiagnosticDescriptors.InvalidParameter, at, p.Name,
                $"[Input] lists the axes in the layout's order, \"{string.Join(" ", inLayoutOrder)}\": the input is stored in that order");
            return null;
        }
        if (isFirst && names.Length != layout.Names.Length)
        {
            Report(DiagnosticDescriptors.InvalidParameter, at, p.Name,
                $"the first Expr parameter is the layer's input, over the whole layout \"{_model.Layout}\"; a conditioning input over fewer axes comes after it");
            return null;
        }
        return inLayoutOrder.Select(n => _axisIndex[n]).ToEquatableArray();
    }

    /// <summary>A tuple's outputs, the first being <paramref name="first"/> (the bound Result); empty for one Expr.</summary>
    private EquatableArray<BoundOutput>? BindOutputs(BoundNode first)
    {
        var outputs = new List<BoundOutput>();
        for (int i = 0; i < _model.Outputs.Count; i++)
        {
            var value = i == 0 ? first : Bind(_model.Outputs[i].Value, binding: null);
            if (value is null) return null;
            outputs.Add(new BoundOutput(_model.Outputs[i].Name, value));
        }
        return outputs.ToEquatableArray();
    }

    private static AxisList Parsed(string text) =>
        AxisList.Parse(text, out var error) ?? throw new InvalidOperationException($"the parser let the malformed axes \"{text}\" through ({error})");

    private void AddAxes(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_axisIndex.ContainsKey(name)) continue;
            _axisIndex[name] = _axes.Count;
            _axes.Add(name);
        }
    }

    private static AxisSet SetOf(IEnumerable<int> axes) => axes.Aggregate(AxisSet.Empty, (set, a) => set | AxisSet.Of(a));

    private LocationInfo? Locate(IrSite site) => site switch
    {
        CallSite call => _sites[call.Index],
        OutputSite output => _model.Outputs[output.Index].Value.Location ?? _model.Outputs[output.Index].Location,
        ParameterAxesSite axes => _model.Parameters.First(p => p.Name == axes.Parameter) switch { var p => p.AxesLocation ?? p.Location },
        _ => _model.Result.Location,
    };

    /// <summary>
    /// Parses Specialize: variants separated by ';', each a comma-separated list of axis=size, e.g.
    /// "d=768; d=1024" or "h=32, w=32".
    /// </summary>
    private EquatableArray<Specialization>? Specializations()
    {
        var result = new List<Specialization>();
        if (string.IsNullOrWhiteSpace(_model.Specialize)) return result.ToEquatableArray();
        string text = _model.Specialize!;
        var at = _model.SpecializeLocation ?? _model.Location;
        foreach (var variant in text.Split(';'))
        {
            var sizes = new SortedDictionary<int, int>();
            foreach (var item in variant.Split(','))
            {
                var parts = item.Split('=');
                if (parts.Length != 2 || !_axisIndex.TryGetValue(parts[0].Trim(), out int axis)
                    || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size <= 0)
                {
                    string why = parts.Length == 2 && !_axisIndex.ContainsKey(parts[0].Trim())
                        ? $"'{parts[0].Trim()}' is not an axis of the layer"
                        : $"'{item.Trim()}' is not axis=size with a positive size";
                    Report(DiagnosticDescriptors.InvalidSpecialize, at, text, why);
                    return null;
                }
                if (sizes.ContainsKey(axis))
                {
                    Report(DiagnosticDescriptors.InvalidSpecialize, at, text, $"'{parts[0].Trim()}' is given twice in one variant");
                    return null;
                }
                sizes[axis] = size;
            }
            var spec = new Specialization(sizes.Select(p => (p.Key, p.Value)).ToEquatableArray());
            if (!result.Any(r => r.Name == spec.Name)) result.Add(spec);
        }
        return result.ToEquatableArray();
    }

    /// <summary>Binds one formula node; null after reporting why (the first problem of a call or local stops it).</summary>
    private BoundNode? Bind(FormulaNode node, string? binding)
    {
        switch (node)
        {
            case ConstNode c:
                return new BoundConst(c.Value);
            case RefNode r:
                if (_parameters.ContainsKey(r.Name) || _locals.ContainsKey(r.Name)) return new BoundRef(r.Name);
                Report(DiagnosticDescriptors.UnsupportedExpression, r.Location, r.Name);
                return null;
            case NegateNode n:
                return Bind(n.Operand, null) is { } operand ? new BoundNegate(operand) : null;
            case BinaryNode b:
                var left = Bind(b.Left, null);
                var right = Bind(b.Right, null);
                return left is null || right is null ? null : new BoundBinary(b.Operator, left, right);
            case CallNode call:
                var args = new List<BoundNode>();
                foreach (var a in call.Arguments)
                {
                    if (Bind(a, null) is not { } bound) return null;
                    args.Add(bound);
                }
                return OpTable.Of(call.Op).Shape switch
                {
                    OpShape.Running => BindRunning(call, args[0], args[1], binding),
                    OpShape.Reduction => ReductionAxes(call) is { } axes ? Call(call, args, axes) : null,
                    _ => Call(call, args, AxisSet.Empty),
                };
        }
        Report(DiagnosticDescriptors.UnsupportedExpression, node.Location, node.GetType().Name);
        return null;
    }

    private BoundCall Call(CallNode call, List<BoundNode> args, AxisSet axes)
    {
        _sites.Add(call.Location);
        return new BoundCall(call.Op, args.ToEquatableArray(), axes, call.Exponent, _sites.Count - 1);
    }

    private AxisSet? ReductionAxes(CallNode call)
    {
        var set = AxisSet.Empty;
        foreach (var name in Parsed(call.Axes ?? "").Names)
        {
            if (!_axisIndex.TryGetValue(name, out int axis))
            {
                Report(DiagnosticDescriptors.UnknownAxis, call.AxesLocation ?? call.Location, name, _model.Layout);
                return null;
            }
            set |= AxisSet.Of(axis);
        }
        return set;
    }

    /// <summary>Gives a Running(...) its buffer: name, size (the statistic's axes as written) and start value.</summary>
    private BoundNode? BindRunning(CallNode call, BoundNode stat, BoundNode momentum, string? binding)
    {
        bool scalarMomentum = momentum is BoundConst || momentum is BoundRef { Name: var m } && _parameters.TryGetValue(m, out var p) && p.Role == ParameterRole.Hyper;
        if (!scalarMomentum)
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
                $"needs a statistic reduced over the batch, such as Mean(x, \"{_axes[_inputAxes.Indices().First()]}\"): this one varies over every axis of the input ({Format(statAxes)}), so its running buffer would change size with the batch");
            return null;
        }
        var variance = VarianceCall(call.Arguments[0]);
        if (call.Unbiased && variance is null)
        {
            Report(DiagnosticDescriptors.InvalidRunning, call.Location, "unbiased: true needs a Var(...) statistic (inline or a local holding one) as its first argument");
            return null;
        }
        var unbiasedCount = call.Unbiased ? ReductionAxesUnchecked(variance!) : AxisSet.Empty;

        int index = _running.Count;
        string name = binding is null ? "running" + index.ToString(CultureInfo.InvariantCulture) : "running" + NameRules.Pascal(binding);
        if (_model.UserMembers.FirstOrDefault(m => m.Name == NameRules.Pascal(name)) is { } member)
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
        // PyTorch starts a running variance at 1 and anything else (a running mean) at 0, however it is spelled.
        _running.Add(new RunningTarget(name, statAxes, variance is not null ? 1 : 0, unbiasedCount));
        return new BoundRunning(stat, momentum, index);
    }

    private string Format(AxisSet set) => string.Join(" ", set.Indices().Select(a => _axes[a]));

    /// <summary>
    /// The axes a formula value varies over as written (a tensor's axes, a reduction's operand's minus the reduced
    /// ones, the union for anything else), before the graph folds it: the one source of a running buffer's size.
    /// </summary>
    private AxisSet DeclaredAxes(FormulaNode node) => node switch
    {
        RefNode r when _parameters.TryGetValue(r.Name, out var p) => p.Axes,
        RefNode r when _locals.TryGetValue(r.Name, out var value) => DeclaredAxes(value),
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
        while (stat is RefNode r && seen.Add(r.Name) && _locals.TryGetValue(r.Name, out var value)) stat = value;
        return stat is CallNode { Op: Op.Var } variance ? variance : null;
    }

    /// <summary>What a running buffer's argument name or Pascal-cased property would equal, if anything.</summary>
    private string? RunningNameClash(string name)
    {
        string property = NameRules.Pascal(name);
        foreach (var p in _model.Parameters)
        {
            if (p.Name == name) return $"parameter '{p.Name}'";
            if (p.Role != ParameterRole.Hyper && ApiNames.Gradient(p.Name) == name) return $"the gradient '{ApiNames.Gradient(p.Name)}'";
            if (p.Role != ParameterRole.Input && NameRules.Pascal(p.Name) == property) return $"the property '{property}' of parameter '{p.Name}'";
            if (p.Role == ParameterRole.Param && NameRules.Pascal(p.Name) + "Grad" == property) return $"the property '{property}' of parameter '{p.Name}'";
        }
        foreach (var o in _model.Outputs)
        {
            // A tuple's outputs and their gradients are arguments beside the running buffers.
            if (o.Name == name) return $"output '{o.Name}'";
            if (FormulaOutputs.GradientOf(o.Name) == name) return $"the gradient '{FormulaOutputs.GradientOf(o.Name)}' of output '{o.Name}'";
        }
        if (_model.MethodName == property) return $"the formula method '{property}'";
        foreach (var r in _running)
        {
            if (NameRules.Pascal(r.Name) == property) return $"another running buffer '{r.Name}'";
        }
        return null;
    }

    /// <summary>The axes a reduction names that the layer has (an unknown one is reported where the reduction is bound).</summary>
    private AxisSet ReductionAxesUnchecked(CallNode call)
    {
        var list = AxisList.Parse(call.Axes, out _);
        return list is null ? AxisSet.Empty : SetOf(list.Names.Where(_axisIndex.ContainsKey).Select(n => _axisIndex[n]));
    }

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location ?? _model.Location, args));
}
