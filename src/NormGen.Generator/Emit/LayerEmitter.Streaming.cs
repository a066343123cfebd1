using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

/// <summary>
/// The per-call choice of streaming stores (Loops/StreamingStores.cs). The public method tests, from the shape alone,
/// whether the call streams. A call that does not runs the kernels' NonTemporal.Ordinary instantiations exactly as a
/// layer without streaming copies would (same dispatch, same kernel code). A call that does pins its spans once
/// (Pinned.Run, as the threaded path does), so that the kernels' NonTemporal.Streamed instantiations store through
/// plain addresses instead of pinning their destination for every store, and then dispatches as the ordinary call does
/// (same chunks, same partial sums, so the same bits); the dispatcher fences each streamed kernel call.
/// </summary>
internal sealed partial class LayerEmitter
{
    private const string Ordinary = "global::NormGen.Kernels.NonTemporal.Ordinary";
    private const string Streamed = "global::NormGen.Kernels.NonTemporal.Streamed";

    /// <summary>Kernels with streaming copies: they take the type parameter StreamingStores.TypeParameter.</summary>
    private readonly HashSet<(KernelPlan, Specialization?)> _streaming = new();

    /// <summary>Per plan with streaming kernels, their tests of whether to stream (over the shape's sizes).</summary>
    private readonly Dictionary<KernelPlan, EquatableArray<StreamFlag>> _streamFlags = new();

    /// <summary>Pinned.Run takes up to 12 spans: a kernel with more runs on the calling thread and never streams.</summary>
    private bool CanPin(KernelPlan plan) => KernelArguments(plan).Count(a => a.IsSpan) <= 12;

    private void AddStreaming(KernelPlan plan, Specialization? spec, KernelEmitter emitter)
    {
        if (!emitter.Streams) return;
        _streaming.Add((plan, spec));
        var known = _streamFlags.TryGetValue(plan, out var flags) ? flags : EquatableArray<StreamFlag>.Empty;
        _streamFlags[plan] = known.Concat(emitter.StreamFlags).Distinct().ToEquatableArray();
    }

    private static string Pinned(KernelPlan plan) => Identifiers.Generated(plan.Name + "Streamed");

    private static string PinnedRun(KernelPlan plan) => Identifiers.Generated(plan.Name + "StreamedRun");

    /// <summary>The streamed call's scalars and lengths: the local, and the static lambda's parameter.</summary>
    private static readonly string StreamedCall = Identifiers.Generated("call"), StreamedState = Identifiers.Generated("state");

    /// <summary>The streamed path of a plan with streaming kernels: its spans pinned once, then the ordinary dispatch.</summary>
    private void EmitStreamed(KernelPlan plan)
    {
        if (!_streamFlags.ContainsKey(plan)) return;
        var args = KernelArguments(plan);
        var spans = args.Where(a => a.IsSpan).ToList();
        string parameters = string.Join(", ", args.Select(a => Parameter(a, Identifiers.T, Identifiers.S, false)));
        _w.Line($"private static void {Pinned(plan)}<{TypeParameters}>(Shape s, {parameters})");
        _w.Indent();
        _w.Line(Constraints(Identifiers.T));
        _w.Line(StorageConstraints);
        _w.Outdent();
        using (_w.Block())
        {
            // The scalars and the spans' lengths travel as a struct beside a static lambda, and Pinned.Run keeps the
            // addresses on its stack: the streamed path allocates nothing, as the ordinary one (docs/api.md).
            var scalars = args.Where(a => !a.IsSpan).ToList();
            var stateTypes = new[] { "Shape" }.Concat(scalars.Select(a => ParameterType(a, Identifiers.T, Identifiers.S))).Concat(spans.Select(_ => "int"));
            var stateValues = new[] { "s" }.Concat(scalars.Select(a => a.Id)).Concat(spans.Select(a => $"{a.Id}.Length"));
            string Item(int index) => $"{StreamedState}.Item{index + 1}";
            _w.Line($"var {StreamedCall} = ({string.Join(", ", stateValues)});");
            string Argument(ApiArgument a) => a.IsSpan
                ? $"{Marshal}.Create{(a.IsReadOnly ? "ReadOnly" : "")}Span(ref global::NormGen.Kernels.Pinned.At<{ElementType(a)}>({Address}[{spans.IndexOf(a)}]), {Item(1 + scalars.Count + spans.IndexOf(a))})"
                : Item(1 + scalars.IndexOf(a));
            var arguments = new[] { Item(0) }.Concat(args.Select(Argument));
            string stateType = $"({string.Join(", ", stateTypes)})";
            // Typed lambda parameters: a ref modifier on an untyped one needs C# 14.
            _w.Line($"global::NormGen.Kernels.Pinned.Run<{Identifiers.T}, {stateType}>(static (global::System.ReadOnlySpan<nint> {Address}, ref {stateType} {StreamedState}) => {PinnedRun(plan)}<{TypeParameters}>({string.Join(", ", arguments)}), ref {StreamedCall}, {string.Join(", ", spans.Select(Pin))});");
        }
        _w.Line();
        _w.Line($"private static void {PinnedRun(plan)}<{TypeParameters}>(Shape s, {parameters})");
        _w.Indent();
        _w.Line(Constraints(Identifiers.T));
        _w.Line(StorageConstraints);
        _w.Outdent();
        using (_w.Block()) Run(plan, args, Streamed);
        _w.Line();
    }
}
