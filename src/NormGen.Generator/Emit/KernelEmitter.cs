using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

/// <summary>
/// Prints one scheduled kernel as a generic method over <c>__T</c> (float, double), <c>__V</c> (the vector operations
/// of the width the dispatcher picked) and <c>__TV</c> (that width's vector type); every local it declares is a
/// generated identifier (see <see cref="Identifiers"/>). Passes become loop nests; the innermost loop is vectorized along the
/// contiguous axis with a scalar tail printed from the same expression DAG; reductions along it use four
/// independent vector accumulators, reductions that keep it accumulate vertically into their target.
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
    private readonly CodeWriter _w = new();
    private readonly List<string> _kernelDeclarations = new();
    private readonly Dictionary<string, string> _sizeProducts = new(StringComparer.Ordinal);
    private readonly Dictionary<Node, PassValue> _kernelValues = new();
    private readonly Dictionary<Node, DataBuffer> _materialized = new();
    private readonly Dictionary<Node, Computation> _reductionOf = new();
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Node> _loads = new(StringComparer.Ordinal);
    private Dictionary<object, PassValue> _scopeValues = new();
    private Dictionary<string, string> _baseOffsets = new(StringComparer.Ordinal);
    private AxisSet _bound;
    private int _partials;

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
        }
    }

    /// <summary>One line per pass, in order (indented inside the outer loop), for the remarks.</summary>
    public List<string> Descriptions { get; } = new();

    /// <summary>The kernel's statements: size locals, constants, then the passes.</summary>
    public CodeWriter EmitBody()
    {
        foreach (var pass in _plan.Before) EmitPass(pass);
        if (!_plan.OuterAxes.IsEmpty) EmitOuterLoop();
        foreach (var pass in _plan.After) EmitPass(pass);

        var method = new CodeWriter();
        string uses = string.Join("\n", _kernelDeclarations) + "\n" + _w;
        foreach (var axis in Enumerable.Range(0, _axes.Names.Count))
        {
            string name = SizeName(_axes, new[] { axis });
            if (!_fixedSizes.TryGetValue(axis, out int size)) method.Line($"nint {name} = s.{Identifiers.Escape(_axes.Name(axis))};");
            // An unused local constant is warning CS0219 (a specialized outer axis only the dispatcher's check reads).
            else if (Regex.IsMatch(uses, $@"\b{name}\b")) method.Line($"const nint {name} = {Literals.Int(size)}; // specialized: loop bounds and remainders fold at JIT time");
        }
        foreach (var d in _kernelDeclarations) method.Line(d);
        method.Append(_w);
        return method;
    }

    private void EmitOuterLoop()
    {
        foreach (var zero in _plan.ZeroBeforeOuterLoop)
        {
            _w.Line($"{Span(zero)}.Clear();");
        }
        var storage = _ir.Inputs[0].Storage.Where(a => _plan.OuterAxes.Contains(a)).ToList();
        var outerScope = _scopeValues;
        var outerOffsets = _baseOffsets;
        var blocks = new List<IDisposable>();
        string outerLine = $"Outer loop over ({string.Join(", ", storage.Select(_axes.Name))}): each iteration's passes reuse its data while it is in cache.";
        Descriptions.Add(outerLine);
        _w.Line("// " + outerLine + $" Iterations [{OuterStart}, {OuterEnd}): a thread's share.");
        if (storage.Count == 1)
        {
            string index = IndexName(_axes, storage);
            blocks.Add(_w.Block($"for (nint {index} = {OuterStart}; {index} < {OuterEnd}; {index}++)"));
        }
        else
        {
            string outer = Identifiers.Generated("outer");
            blocks.Add(_w.Block($"for (nint {outer} = {OuterStart}; {outer} < {OuterEnd}; {outer}++)"));
            // Row-major decomposition of the flat outer index, innermost axis first.
            string rest = outer;
            for (int k = storage.Count - 1; k >= 0; k--)
            {
                string index = IndexName(_axes, new[] { storage[k] }), size = SizeName(_axes, new[] { storage[k] });
                _w.Line(k == 0 ? $"nint {index} = {rest};" : $"nint {index} = {rest} % {size};");
                if (k > 0) rest = k == storage.Count - 1 ? $"{outer} / {size}" : $"{rest} / {size}";
            }
        }
        _bound = _plan.OuterAxes;
        _scopeValues = new Dictionary<object, PassValue>(outerScope);
        _baseOffsets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pass in _plan.Inside) EmitPass(pass);
        for (int i = blocks.Count - 1; i >= 0; i--) blocks[i].Dispose();
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

    /// <summary>A kernel-level local holding the product of the sizes of <paramref name="axes"/> ("1" when empty).</summary>
    private string SizeOf(IReadOnlyList<int> axes)
    {
        if (axes.Count == 0) return "1";
        string name = SizeName(_axes, axes);
        if (axes.Count == 1) return name;
        if (!_sizeProducts.ContainsKey(name))
        {
            _sizeProducts[name] = name;
            _kernelDeclarations.Add($"nint {name} = {string.Join(" * ", axes.Select(a => SizeName(_axes, new[] { a })))};");
        }
        return name;
    }

    /// <summary>Elements between consecutive indices of <paramref name="axis"/> in <paramref name="buffer"/>.</summary>
    private string Stride(DataBuffer buffer, int axis)
    {
        int at = buffer.Storage.IndexOf(axis);
        return SizeOf(buffer.Storage.Skip(at + 1).ToList());
    }

    private string Span(DataBuffer buffer) =>
        $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {Identifiers.Escape(buffer.Name)}, (int){SizeOf(buffer.Storage)})";

    private static string LayoutKey(DataBuffer b) => b.Kind == BufferKind.Local ? "" : string.Join("_", b.Storage.Select(a => a.ToString()));

    /// <summary>"__o_n_d" (at the outer loop) or "__o_n_d__1" (at loop level 1): an element offset into buffers stored over those axes.</summary>
    private string OffsetName(DataBuffer b, int? level) =>
        Identifiers.Generated("o_" + Identifiers.Axes(_axes, b.Storage)) + (level is { } l ? "__" + l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    /// <summary>The offset of <paramref name="buffer"/> at the current outer-loop iteration (axes bound by the outer loop).</summary>
    private string BaseOffset(DataBuffer buffer)
    {
        var bound = buffer.Storage.Where(a => _bound.Contains(a)).ToList();
        if (bound.Count == 0) return "0";
        string key = LayoutKey(buffer);
        if (_baseOffsets.TryGetValue(key, out var name)) return name;
        name = OffsetName(buffer, null);
        _w.Line($"nint {name} = {string.Join(" + ", bound.Select(a => Term(IndexName(_axes, new[] { a }), Stride(buffer, a))))};");
        _baseOffsets[key] = name;
        return name;
    }

    private static string Term(string index, string stride) => stride == "1" ? index : $"{index} * {stride}";

    private static string Plus(string offset, string term) => offset == "0" ? term : $"{offset} + {term}";

    private string Constant(double value)
    {
        var node = _g.Constant(value);
        if (_kernelValues.TryGetValue(node, out var v)) return v.Name;
        string name = Identifiers.Generated("c" + _kernelValues.Count(p => p.Key.Kind == NodeKind.Constant));
        _kernelDeclarations.Add($"{Identifiers.T} {name} = {Identifiers.T}.CreateTruncating({Literals.Double(value)});");
        _kernelValues[node] = new PassValue(name, 0, null, Array.Empty<PassValue>());
        return name;
    }
}
