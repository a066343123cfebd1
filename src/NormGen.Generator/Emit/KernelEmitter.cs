using System;
using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Emit.Lowering;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

/// <summary>
/// Lowers one scheduled kernel to loop IR (Emit/Loops) and prints it as the body of a generic method over <c>__T</c>
/// (float, double), <c>__V</c> (the vector operations
/// of the width the dispatcher picked) and <c>__TV</c> (that width's vector type); every local it declares is a
/// generated identifier (see <see cref="Identifiers"/>). Passes become loop nests; the innermost loop is vectorized along the
/// contiguous axis with a scalar tail printed from the same expression DAG; reductions along it use four
/// independent vector accumulators, reductions that keep it accumulate vertically into their target.
/// A pass's values go through the passes of Emit/Lowering in order: <see cref="Build"/> (a flat value list, each
/// value at the level of the axes it varies over), <see cref="Hoist"/> (invariant partial products and sums out of
/// inner loops), <see cref="Share"/> (equal values once, by node or structure) and <see cref="Share.Prune"/>, then
/// <see cref="Declare"/> names and places them (kernel-invariant ones once per kernel); <see cref="Fusion"/> folds
/// products into multiply-adds in the innermost bodies and <see cref="LoopPrinter"/> prints the statements.
/// </summary>
internal sealed partial class KernelEmitter
{
    private const int Unroll = 4;
    /// <summary>float lanes in the widest vector the kernels dispatch to (Vector512); double has 8, so its unrolled loops run twice as often.</summary>
    private const int WidestLanes = 16;
    /// <summary>Most copies of a loop body in a specialized kernel (16 x 16 floats: one Vector512 pass over 256).</summary>
    private const int MaxFullUnroll = 16;
    /// <summary>Copies x statements per copy allowed in one specialized loop (see FullUnroll).</summary>
    private const int UnrollBudget = 128;

    private readonly LayerIr _ir;
    private readonly KernelPlan _plan;
    private readonly Graph _g;
    private readonly AxisTable _axes;
    private readonly List<Stmt> _kernelDeclarations = new();
    private readonly Dictionary<string, string> _sizeProducts = new(StringComparer.Ordinal);
    private readonly Dictionary<object, PassValue> _kernelValues = new();
    private readonly Dictionary<Node, DataBuffer> _materialized = new();
    private readonly Dictionary<Node, Computation> _reductionOf = new();
    private readonly Dictionary<Node, string> _statistics = new();
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Node> _loads = new(StringComparer.Ordinal);
    private Dictionary<object, PassValue> _scopeValues = new();
    private Dictionary<string, string> _baseOffsets = new(StringComparer.Ordinal);
    private AxisSet _bound;
    private readonly NameRegistry _names = new();

    private readonly Dictionary<int, int> _fixedSizes = new();

    public KernelEmitter(LayerIr ir, KernelPlan plan, Specialization? specialization = null)
    {
        if (specialization is not null)
        {
            foreach (var (axis, size) in specialization.Sizes) _fixedSizes[axis] = size;
        }
        _ir = ir;
        _plan = plan;
        _g = ir.Graph;
        _axes = ir.Axes;
        foreach (var pass in plan.Before.Concat(plan.Inside).Concat(plan.After))
        {
            foreach (var c in pass.Computations.Where(c => c.IsReduction)) _reductionOf[c.Node] = c;
            foreach (var c in pass.Computations.Where(c => !c.IsReduction && c.Target.Kind == BufferKind.Saved && !_statistics.ContainsKey(c.Node)))
                _statistics[c.Node] = Identifiers.Of("stat", c.Target.Statistic!);
        }
    }

    /// <summary>One line per pass, in order (indented inside the outer loop), for the remarks.</summary>
    public List<string> Descriptions { get; } = new();

    /// <summary>The kernel's statements: size locals, constants, then the passes.</summary>
    /// <param name="stored">The span arguments of element type <see cref="Identifiers.S"/> (the tensors), loaded and stored through it.</param>
    /// <param name="streaming">Whether to add streaming copies of the output loops (see StreamingStores): the caller can run the kernel on pinned spans.</param>
    public CodeWriter EmitBody(IReadOnlyCollection<string>? stored = null, bool streaming = false)
    {
        var tensors = stored ?? Array.Empty<string>();
        var body = Prefetch.Switch(WithSplitLoads(WithStreamingStores(Staging.Add(Lower(), OuterStart, tensors), streaming), tensors));
        var used = new HashSet<string>(LoopIr.Indices(body).SelectMany(LoopIr.Names), StringComparer.Ordinal);
        var sizes = new List<Stmt>();
        foreach (var axis in Enumerable.Range(0, _axes.Names.Count))
        {
            string name = SizeName(_axes, new[] { axis });
            if (!_fixedSizes.TryGetValue(axis, out int size)) sizes.Add(new IndexLet(name, new ShapeSize(Identifiers.Escape(_axes.Name(axis)))));
            // An unused local constant is warning CS0219 (a specialized outer axis only the dispatcher's check reads).
            else if (used.Contains(name)) sizes.Add(new IndexLet(name, new IndexConst(size), "specialized: loop bounds and remainders fold at JIT time", Constant: true));
        }
        var method = new CodeWriter();
        LoopPrinter.Print(method, sizes.Concat(HoistedConstants.Declarations(body)).Concat(body), stored);
        return method;
    }

    /// <summary>The kernel as loop IR: kernel-level locals (constants, size products), then the passes. Once per instance.</summary>
    public EquatableArray<Stmt> Lower()
    {
        var body = new List<Stmt>();
        foreach (var pass in _plan.Before) EmitPass(pass, body);
        if (!_plan.OuterAxes.IsEmpty) EmitOuterLoop(body);
        foreach (var pass in _plan.After) EmitPass(pass, body);
        return WithPrefetch(AlignedHead.Add(_kernelDeclarations.Concat(body).ToEquatableArray()));
    }

    private void EmitOuterLoop(List<Stmt> into)
    {
        foreach (var zero in _plan.ZeroBeforeOuterLoop)
        {
            into.Add(new Fill(Identifiers.Escape(zero.Name), SizeOf(zero.Storage), ReduceOp.Sum));
        }
        var storage = _ir.Inputs[0].Storage.Where(a => _plan.OuterAxes.Contains(a)).ToList();
        var outerScope = _scopeValues;
        var outerOffsets = _baseOffsets;
        string outerLine = $"Outer loop over ({string.Join(", ", storage.Select(_axes.Name))}): each iteration's passes reuse its data while it is in cache.";
        Descriptions.Add(outerLine);
        into.Add(new Comment(outerLine + $" Iterations [{OuterStart}, {OuterEnd}): a thread's share."));
        _bound = _plan.OuterAxes;
        _scopeValues = new Dictionary<object, PassValue>(outerScope);
        _baseOffsets = new Dictionary<string, string>(StringComparer.Ordinal);
        string index = storage.Count == 1 ? IndexName(_axes, storage) : Identifiers.Generated("outer");
        var body = new List<Stmt>();
        if (storage.Count > 1)
        {
            // Row-major decomposition of the flat outer index, innermost axis first.
            IndexExpr rest = new IndexVar(index);
            for (int k = storage.Count - 1; k >= 0; k--)
            {
                var size = new IndexVar(SizeName(_axes, new[] { storage[k] }));
                body.Add(new IndexLet(IndexName(_axes, new[] { storage[k] }), k == 0 ? rest : new IndexRemainder(rest, size)));
                if (k > 0) rest = new IndexQuotient(rest, size);
            }
        }
        foreach (var pass in _plan.Inside) EmitPass(pass, body);
        into.Add(new For(index, new IndexVar(OuterStart), new IndexVar(OuterEnd), body.ToEquatableArray()));
        _bound = AxisSet.Empty;
        _scopeValues = outerScope;
        _baseOffsets = outerOffsets;
    }

    // ---- sizes, strides and offsets ----

    /// <summary>The first and one-past-last outer iteration a kernel call runs (a thread's share).</summary>
    public static string OuterStart => Identifiers.Generated("outerStart");
    public static string OuterEnd => Identifiers.Generated("outerEnd");

    /// <summary>"__N_n_d": the local holding the product of the sizes of <paramref name="axes"/>.</summary>
    public static string SizeName(AxisTable table, IEnumerable<int> axes) => Identifiers.Generated("N_" + Identifiers.Axes(table, axes));

    /// <summary>"__i_n": the index of the loop over <paramref name="axes"/>.</summary>
    public static string IndexName(AxisTable table, IEnumerable<int> axes) => Identifiers.Generated("i_" + Identifiers.Axes(table, axes));

    /// <summary>A kernel-level local holding the product of the sizes of <paramref name="axes"/> (1 when empty).</summary>
    private IndexExpr SizeOf(IReadOnlyList<int> axes)
    {
        if (axes.Count == 0) return IndexExpr.One;
        string name = SizeName(_axes, axes);
        if (axes.Count == 1) return new IndexVar(name);
        if (!_sizeProducts.ContainsKey(name))
        {
            _sizeProducts[name] = name;
            _kernelDeclarations.Add(new IndexLet(name, axes.Select(a => (IndexExpr)new IndexVar(SizeName(_axes, new[] { a }))).Aggregate((p, f) => p * f)));
        }
        return new IndexVar(name);
    }

    /// <summary>Elements between consecutive indices of <paramref name="axis"/> in <paramref name="buffer"/>.</summary>
    private IndexExpr Stride(DataBuffer buffer, int axis)
    {
        int at = buffer.Storage.IndexOf(axis);
        return SizeOf(buffer.Storage.Skip(at + 1).ToList());
    }

    private static string LayoutKey(DataBuffer b) => b.Kind == BufferKind.Local ? "" : string.Join("_", b.Storage.Select(a => a.ToString()));

    /// <summary>"__o_n_d" (at the outer loop) or "__o_n_d__1" (at loop level 1): an element offset into buffers stored over those axes.</summary>
    private string OffsetName(DataBuffer b, int? level) =>
        Identifiers.Generated("o_" + Identifiers.Axes(_axes, b.Storage)) + (level is { } l ? "__" + l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    /// <summary>The offset of <paramref name="buffer"/> at the current outer-loop iteration (axes bound by the outer loop).</summary>
    private IndexExpr BaseOffset(DataBuffer buffer, List<Stmt> into)
    {
        var bound = buffer.Storage.Where(a => _bound.Contains(a)).ToList();
        if (bound.Count == 0) return IndexExpr.Zero;
        string key = LayoutKey(buffer);
        if (_baseOffsets.TryGetValue(key, out var name)) return new IndexVar(name);
        name = OffsetName(buffer, null);
        into.Add(new IndexLet(name, bound.Select(a => new IndexVar(IndexName(_axes, new[] { a })) * Stride(buffer, a)).Aggregate((sum, t) => sum + t)));
        _baseOffsets[key] = name;
        return new IndexVar(name);
    }
}
