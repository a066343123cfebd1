using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;

namespace NormGen.Generator.Ir;

/// <summary>Where in a formula the IR builder found a problem, without a source location (see <see cref="IrProblem"/>).</summary>
internal abstract record IrSite;

/// <summary>The call <see cref="BoundCall.Site"/> numbers.</summary>
internal sealed record CallSite(int Index) : IrSite;

/// <summary>The formula's result.</summary>
internal sealed record ResultSite : IrSite;

/// <summary>The value of output <see cref="Index"/> of a formula returning a tuple.</summary>
internal sealed record OutputSite(int Index) : IrSite;

/// <summary>The axes of the [Param] of this name.</summary>
internal sealed record ParameterAxesSite(string Parameter) : IrSite;

/// <summary>
/// A problem that shows only once the graph folds constants (an axis that cancels away): the bind step, which runs
/// the builder once to find these, turns the site into the source location.
/// </summary>
internal sealed record IrProblem(DiagnosticDescriptor Descriptor, IrSite Site, string[] Arguments);

/// <summary>
/// Builds the IR of a bound formula: gives every node its axes, desugars Mean and Var into sums, and lowers
/// Running(...) once per mode. Names and axes were resolved by the bind step; what remains to check needs the folded
/// graph: a reduction over an axis its operand does not have as written (NG0005) and a result over other axes than the
/// output (NG0012, NG0014); what folds away (x - x) keeps the axes it is written over.
/// </summary>
internal sealed class IrBuilder
{
    private readonly BoundLayer _layer;
    private readonly Action<IrProblem>? _report;
    private readonly Graph _graph;
    private readonly Dictionary<string, Node> _parameters = new(StringComparer.Ordinal);
    private readonly List<RunningStat> _runningStats = new();
    private readonly Dictionary<string, AxisSet> _writtenAxesOfLocals = new(StringComparer.Ordinal);
    private readonly TensorDecl[] _runningBuffers;
    private bool _training;
    private bool _failed;

    private IrBuilder(BoundLayer layer, Action<IrProblem>? report)
    {
        _layer = layer;
        _report = report;
        var axes = new AxisTable();
        foreach (var name in layer.Axes) axes.Add(name);
        _graph = new Graph(axes);
        _runningBuffers = layer.Running.Select(r => new TensorDecl(r.Name, TensorRole.Running, r.Axes.Indices().ToImmutableArray(), r.Axes, r.Init)).ToArray();
    }

    /// <summary>Builds the IR of a layer the bind step accepted; a problem here is a NormGen bug, thrown as one.</summary>
    public static LayerIr Build(BoundLayer layer) =>
        Build(layer, problem => throw new InvalidOperationException($"the bind step let through {problem.Descriptor.Id} at {problem.Site}"))!;

    /// <summary>Builds the IR, or returns null after reporting each problem to <paramref name="report"/>.</summary>
    public static LayerIr? Build(BoundLayer layer, Action<IrProblem> report) => new IrBuilder(layer, report).Build();

    private AxisTable Axes => _graph.Axes;

    private LayerIr? Build()
    {
        var inputs = ImmutableArray.CreateBuilder<TensorDecl>();
        var parameters = ImmutableArray.CreateBuilder<TensorDecl>();
        var hypers = ImmutableArray.CreateBuilder<HyperDecl>();
        foreach (var p in _layer.Parameters)
        {
            switch (p.Role)
            {
                case ParameterRole.Input:
                case ParameterRole.Param:
                    var storage = p.Storage.ToImmutableArray();
                    var decl = new TensorDecl(p.Name, p.Role == ParameterRole.Input ? TensorRole.Input : TensorRole.Param, storage, SetOf(storage), p.Init);
                    (p.Role == ParameterRole.Input ? inputs : parameters).Add(decl);
                    _parameters[p.Name] = _graph.Tensor(p.Name, decl.Axes);
                    break;
                default:
                    hypers.Add(new HyperDecl(p.Name, p.Default));
                    _parameters[p.Name] = _graph.Hyper(p.Name);
                    break;
            }
        }

        _training = true;
        var (trainingOutputs, locals) = Evaluate();
        var runningStats = _runningStats.ToImmutableArray();
        _training = false;
        var (evalOutputs, _) = Evaluate();
        _training = true;
        if (_failed) return null;

        var outputStorage = _layer.OutputStorage.ToImmutableArray();
        var bound = _layer.AllOutputs();
        var outputs = ImmutableArray.CreateBuilder<OutputDecl>();
        for (int i = 0; i < bound.Count; i++)
        {
            var storage = _layer.Outputs.Count == 0
                ? CheckOutputAxes(bound[i].Value, trainingOutputs[i], evalOutputs[i], outputStorage, new ResultSite(), bound[i].Name)
                : TupleOutputStorage(bound[i].Value, trainingOutputs[i], evalOutputs[i], outputStorage, i, bound[i].Name);
            if (storage is null) return null;
            outputs.Add(new OutputDecl(bound[i].Name, FormulaOutputs.GradientOf(bound[i].Name), storage.Value, trainingOutputs[i], evalOutputs[i]));
        }

        return new LayerIr(_layer, _graph, outputStorage, inputs.ToImmutable(), parameters.ToImmutable(),
            hypers.ToImmutable(), runningStats, trainingOutputs[0], evalOutputs[0], locals, _layer.Specializations.ToImmutableArray())
        {
            Outputs = outputs.ToImmutable(),
        };
    }

    /// <summary>
    /// A tuple element's storage: the output's axes it is written over, in the output's storage order. An element may
    /// vary over fewer axes than the output (a per-row statistic beside the normalized tensor: <c>(y, Mean(x, "d"))</c>
    /// stores the mean per n); as for one output, an element that folds to fewer axes than it is written over (x - x)
    /// keeps the written ones. Null after reporting an element over an axis the output does not have.
    /// </summary>
    private ImmutableArray<int>? TupleOutputStorage(BoundNode value, Node trainingOutput, Node evalOutput, ImmutableArray<int> outputStorage, int index, string name)
    {
        var outputAxes = SetOf(outputStorage);
        var written = WrittenAxes(value);
        if (written.IsSubsetOf(outputAxes) && trainingOutput.Axes.IsSubsetOf(written) && evalOutput.Axes.IsSubsetOf(written))
            return outputStorage.Where(written.Contains).ToImmutableArray();
        return CheckOutputAxes(value, trainingOutput, evalOutput, outputStorage, new OutputSite(index), name);
    }

    /// <summary>
    /// The output's storage when the result varies over the output's axes, else null after reporting why;
    /// <paramref name="name"/> is a tuple element's.
    /// </summary>
    private ImmutableArray<int>? CheckOutputAxes(BoundNode written, Node trainingOutput, Node evalOutput, ImmutableArray<int> outputStorage, IrSite site, string name)
    {
        var outputAxes = SetOf(outputStorage);
        // A result that simplifies to fewer axes than it is written over (x - x, Mean(x - Mean(x, "d"), "d")) is still
        // a tensor over the axes as written, as in PyTorch: its value is broadcast over the output, its gradients are 0.
        bool simplifiedAway = trainingOutput.Axes.IsSubsetOf(outputAxes) && evalOutput.Axes.IsSubsetOf(outputAxes)
            && WrittenAxes(written) == outputAxes;
        if (trainingOutput.Axes != outputAxes && !simplifiedAway)
        {
            // The extra axis usually comes from a [Param] over an axis neither the layout nor the output has: say so there.
            var known = SetOf(_layer.LayoutStorage) | outputAxes;
            foreach (var p in _layer.Parameters.Where(p => p.Role == ParameterRole.Param))
            {
                int? stray = p.Storage.Select(a => (int?)a).FirstOrDefault(a => !known.Contains(a!.Value) && trainingOutput.Axes.Contains(a.Value));
                if (stray is null) continue;
                Report(DiagnosticDescriptors.InvalidParameter, new ParameterAxesSite(p.Name), p.Name,
                    $"axis '{Axes.Name(stray.Value)}' is in neither the layout \"{_layer.Layout}\" nor the output, yet the result varies over it: reduce it in the formula or add it to Output");
                return null;
            }
            if (site is OutputSite)
            {
                Report(DiagnosticDescriptors.InvalidOutput, site, $"'{name}'",
                    $"it varies over \"{Axes.Format(WrittenAxes(written) | trainingOutput.Axes)}\", but each output of the tuple is a tensor over the layer's output axes \"{Axes.Format(outputAxes)}\" or some of them");
                return null;
            }
            Report(DiagnosticDescriptors.OutputAxesMismatch, site, Axes.Format(trainingOutput.Axes), Axes.Format(outputAxes));
            return null;
        }
        return outputStorage;
    }

    private static AxisSet SetOf(IEnumerable<int> axes)
    {
        var set = AxisSet.Empty;
        foreach (var a in axes) set |= AxisSet.Of(a);
        return set;
    }

    private (List<Node> Outputs, ImmutableArray<(string, Node)> Locals) Evaluate()
    {
        _runningStats.Clear();
        var env = new Dictionary<string, Node>(_parameters, StringComparer.Ordinal);
        var locals = ImmutableArray.CreateBuilder<(string, Node)>();
        foreach (var local in _layer.Locals)
        {
            var value = Lower(local.Value, env);
            env[local.Name] = value;
            locals.Add((local.Name, value));
        }
        return (_layer.AllOutputs().Select(o => Lower(o.Value, env)).ToList(), locals.ToImmutable());
    }

    private Node Lower(BoundNode node, Dictionary<string, Node> env)
    {
        switch (node)
        {
            case BoundConst c:
                return _graph.Constant(c.Value);
            case BoundRef r:
                return env.TryGetValue(r.Name, out var bound) ? bound : throw new InvalidOperationException($"'{r.Name}' is not bound");
            case BoundNegate n:
                return _graph.Negate(Lower(n.Operand, env));
            case BoundBinary b:
                var left = Lower(b.Left, env);
                var right = Lower(b.Right, env);
                return b.Operator switch
                {
                    '+' => _graph.Add(left, right),
                    '-' => _graph.Subtract(left, right),
                    '*' => _graph.Multiply(left, right),
                    _ => _graph.Divide(left, right),
                };
            case BoundCall call:
                return LowerCall(call, call.Arguments.Select(a => Lower(a, env)).ToList());
            case BoundRunning running:
                return LowerRunning(running, Lower(running.Stat, env), Lower(running.Momentum, env));
        }
        throw new InvalidOperationException("unknown bound node " + node.GetType().Name);
    }

    private Node LowerCall(BoundCall call, List<Node> args)
    {
        // The op's descriptor (OpTable) lowers it; Running is a BoundRunning, lowered with the builder's state.
        var op = OpTable.Of(call.Op);
        switch (op.Shape)
        {
            case OpShape.Reduction:
                // The operand's axes as written: one that cancels (Sum(w - w, "d")) still has them, as in PyTorch, and
                // the reduction sums the broadcast value. Only an axis the operand never had is NG0005.
                var written = WrittenAxes(call.Arguments[0]);
                if (!call.Axes.IsSubsetOf(written))
                {
                    int missing = (call.Axes - written).Indices().First();
                    Report(DiagnosticDescriptors.ReductionOverMissingAxis, new CallSite(call.Site), op.Name, Axes.Name(missing), Axes.Format(written));
                }
                return op.Reduction!(_graph, args[0], call.Axes);
            case OpShape.Elementwise:
                return op.Elementwise!(_graph, args);
            case OpShape.Pow:
                return _graph.Power(args[0], call.Exponent ?? 1.0);
        }
        throw new InvalidOperationException($"no IR for Ops.{op.Name} as a call");
    }

    /// <summary>Training normalizes with the batch statistic and updates the buffer; eval reads the buffer.</summary>
    private Node LowerRunning(BoundRunning running, Node stat, Node momentum)
    {
        var target = _layer.Running[running.Target];
        var unbiasedScale = _graph.One;
        if (!target.UnbiasedCount.IsEmpty)
        {
            var n = _graph.Count(target.UnbiasedCount);
            unbiasedScale = _graph.Divide(n, _graph.Subtract(n, _graph.One));
        }
        var buffer = _runningBuffers[running.Target];
        _runningStats.Add(new RunningStat(buffer, stat, momentum, unbiasedScale, target.UnbiasedCount));
        return _training ? stat : _graph.Tensor(buffer.Name, buffer.Axes);
    }

    /// <summary>
    /// The axes a bound value varies over as written (a tensor's axes, a reduction's operand's minus the reduced ones,
    /// the union for anything else), before the graph folds it: x - x is over the layout, not a scalar.
    /// </summary>
    private AxisSet WrittenAxes(BoundNode node) => node switch
    {
        BoundRef r when _layer.Parameters.FirstOrDefault(p => p.Name == r.Name) is { } p => SetOf(p.Storage),
        BoundRef r when _layer.Locals.FirstOrDefault(l => l.Name == r.Name) is { } local => WrittenAxesOfLocal(local),
        BoundCall c when OpTable.Of(c.Op).Shape == OpShape.Reduction => WrittenAxes(c.Arguments[0]) - c.Axes,
        BoundCall c => c.Arguments.Aggregate(AxisSet.Empty, (all, a) => all | WrittenAxes(a)),
        BoundRunning r => WrittenAxes(r.Stat),
        BoundNegate n => WrittenAxes(n.Operand),
        BoundBinary b => WrittenAxes(b.Left) | WrittenAxes(b.Right),
        _ => AxisSet.Empty,
    };

    /// <summary>
    /// Remembered per local: a local used twice by the next, and that one twice by the next, would otherwise be walked
    /// 2^depth times (a 25-level formula took two minutes here).
    /// </summary>
    private AxisSet WrittenAxesOfLocal(BoundLocal local)
    {
        if (!_writtenAxesOfLocals.TryGetValue(local.Name, out var axes))
            _writtenAxesOfLocals[local.Name] = axes = WrittenAxes(local.Value);
        return axes;
    }

    private void Report(DiagnosticDescriptor descriptor, IrSite site, params string[] args)
    {
        _failed = true;
        // The two modes lower the same formula; report each problem once.
        if (_training) _report?.Invoke(new IrProblem(descriptor, site, args));
    }
}
