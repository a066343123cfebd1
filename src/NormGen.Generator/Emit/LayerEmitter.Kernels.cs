using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

internal sealed partial class LayerEmitter
{
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

    private IReadOnlyList<ApiArgument> Arguments(KernelDirection direction) => _api.Of(direction);

    private static string SpanType(ApiArgument a, string t) => a.IsReadOnly ? $"global::System.ReadOnlySpan<{t}>" : $"global::System.Span<{t}>";

    private static string Parameter(ApiArgument a, string t, bool withDefault) => Parameter(a, t, t, withDefault);

    /// <summary>The parameter declaration with compute type <paramref name="t"/> and storage type <paramref name="s"/> (<see cref="ApiArgument.IsStored"/>).</summary>
    private static string Parameter(ApiArgument a, string t, string s, bool withDefault) =>
        $"{ParameterType(a, t, s)} {a.Id}{(withDefault && a.Role == ArgumentRole.Hyper ? Default(a.Hyper!, t) : "")}";

    /// <summary>The type of <see cref="Parameter(ApiArgument, string, string, bool)"/>'s declaration.</summary>
    private static string ParameterType(ApiArgument a, string t, string s) => a.Role switch
    {
        ArgumentRole.Saved => $"Saved<{t}>",
        ArgumentRole.Training => "bool",
        ArgumentRole.Hyper => t,
        _ => SpanType(a, a.IsStored ? s : t),
    };

    /// <summary>The kernels' type arguments: the compute type, then the storage type.</summary>
    private static string TypeParameters => $"{Identifiers.T}, {Identifiers.S}";

    /// <summary>The constraints of <see cref="TypeParameters"/>.</summary>
    private static string StorageConstraints => $"where {Identifiers.S} : unmanaged";

    /// <summary>The element type of a span argument inside the kernels.</summary>
    private static string ElementType(ApiArgument a) => a.IsStored ? Identifiers.S : Identifiers.T;

    // Private members are generated identifiers: no Pascal-cased user name can equal them.
    private static string Core(string name) => Identifiers.Generated(name + "Core");

    private static string Dispatcher(KernelPlan plan) => Identifiers.Generated(plan.Name + "Dispatch");

    private static string Threaded(KernelPlan plan) => Identifiers.Generated(plan.Name + "Threaded");

    private static readonly string Outer = Identifiers.Generated("outer");
    private static readonly string Chunks = Identifiers.Generated("chunks");
    private static readonly string Chunk = Identifiers.Generated("chunk");
    private static readonly string Start = Identifiers.Generated("start");
    private static readonly string End = Identifiers.Generated("end");
    private static readonly string Address = Identifiers.Generated("address");

    private static string Default(HyperDecl hyper, string t)
    {
        var d = hyper.Default;
        if (d is null) return "";
        return " = " + (t == "float" ? Literals.Float(d.Value) : t == "double" ? Literals.Double(d.Value) : "default");
    }

    private void EmitPublicKernels(KernelDirection direction)
    {
        string name = direction.ToString();
        bool forward = direction == KernelDirection.Forward;
        foreach (var (t, storage) in PublicTypes)
        {
            var args = Arguments(direction);
            // Optional hyper-parameters are only legal after every required one.
            bool defaults = args.Where(a => a.Role == ArgumentRole.Hyper).All(a => a.Hyper!.Default is not null);
            string types = t == storage ? $"in {t}" : StoredTypesDoc(storage, direction);
            _w.Line(forward
                ? $"/// <summary>Forward pass {types}: writes {string.Join(", ", _api.Outputs.Select(o => o.Name))} and the statistics the backward needs into <paramref name=\"saved\"/>.</summary>"
                : $"/// <summary>Backward pass {types}: writes the input gradients and adds to the parameter gradients.</summary>");
            KernelArgumentDocs(direction);
            bool countChecked = forward && _ir.Running.Any(r => !r.UnbiasedCount.IsEmpty);
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match the shape, or <paramref name=\"saved\"/> is for another shape"
                + (countChecked ? ", or a training forward would take an unbiased running variance over one value" : "") + ".</exception>");
            ExceptionDoc("global::System.ArgumentNullException", "<paramref name=\"saved\"/> is null.");
            if (!forward && _modes.Any(m => !m.Saved.IsEmpty))
                ExceptionDoc("global::System.InvalidOperationException", "No forward in the same mode filled <paramref name=\"saved\"/>.");
            _w.Line(GeneratedCode);
            _w.Line($"public static void {name}(Shape s, {string.Join(", ", args.Select(a => Parameter(a, t, storage, defaults)))})");
            _w.Indent();
            _w.Line($"=> {Core(name)}<{t}, {storage}>(s, {string.Join(", ", args.Select(a => a.Id))});");
            _w.Outdent();
            if (storage != PublicTypes[PublicTypes.Length - 1].S) _w.Line();
        }
    }

    private void EmitCore(KernelDirection direction)
    {
        string name = direction.ToString();
        bool forward = direction == KernelDirection.Forward;
        var args = Arguments(direction);
        _w.Line($"private static void {Core(name)}<{TypeParameters}>(Shape s, {string.Join(", ", args.Select(a => Parameter(a, Identifiers.T, Identifiers.S, false)))})");
        _w.Indent();
        _w.Line(Constraints(Identifiers.T));
        _w.Line(StorageConstraints);
        _w.Outdent();
        using (_w.Block())
        {
            _w.Line("// Every length is checked before any memory is touched.");
            foreach (var a in args.Where(a => a.IsSpan))
            {
                // A literal, not nameof: a user parameter named nameof would turn nameof(x) into a call.
                _w.Line($"global::NormGen.Kernels.Guard.Length({a.Id}.Length, {Elements(a.Storage)}, \"{a.Name}\");");
            }
            _w.Line("global::System.ArgumentNullException.ThrowIfNull(saved);");
            _w.Line("global::NormGen.Kernels.Guard.SameShape(saved.Shape, s, \"saved\");");
            var kernels = _kernels.Where(k => k.Spec.Kind.Direction == direction).ToList();
            if (_api.HasRunning)
            {
                using (_w.Block("if (training)")) Mode(training: true);
                using (_w.Block("else")) Mode(training: false);
            }
            else
            {
                Mode(training: true);
            }

            void Mode(bool training)
            {
                var stages = kernels.Where(k => k.Spec.Kind.Training == training).ToList();
                string filled = training ? "1" : "2";
                bool saves = !_modes.First(m => m.Training == training).Saved.IsEmpty;
                if (forward && training) EmitUnbiasedCountChecks();
                if (!forward && saves) _w.Line($"global::NormGen.Kernels.Guard.Forwarded(saved.{FilledBy}, {filled}, \"saved\");");
                // A conditioning input's gradient is written, but summed into: cleared here, after every check.
                foreach (var o in stages[0].Spec.Outputs.Where(o => o.ClearsTarget)) _w.Line($"{o.Target.Id}.Clear();");
                for (int i = 0; i < stages.Count; i++)
                {
                    // Each stage's locals in a block of their own: the stages of a split kernel declare the same names.
                    if (stages.Count == 1) Dispatch(stages[i], args);
                    else using (_w.Block()) Dispatch(stages[i], args);
                }
                // Every Forward records its mode, so a Backward in the other mode cannot read what an older call left.
                if (forward && SavedStats.Any()) _w.Line($"saved.{FilledBy} = {filled};");
            }
        }
    }

    /// <summary>An unbiased running variance over one value would divide by N - 1 = 0: refused before anything is written.</summary>
    private void EmitUnbiasedCountChecks()
    {
        foreach (var r in _ir.Running.Where(r => !r.UnbiasedCount.IsEmpty))
        {
            var axes = r.UnbiasedCount.Indices().ToList();
            string statistic = $"the variance of {r.Buffer.Name} over ({string.Join(" ", axes.Select(Axes.Name))})";
            _w.Line($"global::NormGen.Kernels.Guard.MoreThanOneValue({Elements(axes)}, \"{statistic}\", \"{_ir.Inputs[0].Name}\");");
        }
    }

    /// <summary>
    /// Runs a kernel: on this thread for small inputs, else split over the outer loop across threads when the plan
    /// allows (the outer iterations are independent and only parameter gradients are summed across them, into
    /// per-chunk partials added in chunk order).
    /// </summary>
    private void Dispatch(KernelPlan plan, IReadOnlyList<ApiArgument> args)
    {
        if (!_streamFlags.TryGetValue(plan, out var flags))
        {
            Run(plan, args, null);
            return;
        }
        // Once per call, from the shape: a call that streams runs on spans pinned once (LayerEmitter.Streaming.cs).
        var types = args.Where(a => a.IsSpan).ToDictionary(a => a.Id, ElementType, System.StringComparer.Ordinal);
        using (_w.Block($"if ({StreamingStores.Condition(flags, id => types[id])})")) _w.Line($"{Pinned(plan)}(s, {Forwarded(args)});");
        using (_w.Block("else")) Run(plan, args, Ordinary);
    }

    /// <summary>
    /// Runs a kernel's dispatcher with <paramref name="streams"/> (null: the kernel has no streaming copies): on this
    /// thread for small inputs, else split over the outer loop across threads when the plan allows (the outer
    /// iterations are independent and only parameter gradients are summed across them, into per-chunk partials added
    /// in chunk order).
    /// </summary>
    private void Run(KernelPlan plan, IReadOnlyList<ApiArgument> args, string? streams)
    {
        var direct = args.Where(a => a.Role != ArgumentRole.Training).Select(a => a.IsSpan ? $"ref {Marshal}.GetReference({a.Id})" : a.Id)
            .Concat(plan.ChunkScratch().Select(b => $"ref {ScratchStart(b)}")).ToList();
        if (plan.OuterAxes.IsEmpty)
        {
            _w.Line(Call(plan, direct, "", streams));
            return;
        }
        var outer = _ir.Inputs[0].Storage.Where(a => plan.OuterAxes.Contains(a)).ToList();
        _w.Line($"nint {Outer} = {string.Join(" * ", outer.Select((a, i) => (i == 0 ? "(nint)" : "") + "s." + Identifiers.Escape(Axes.Name(a))))};");
        if (!plan.Splittable || !CanPin(plan))
        {
            _w.Line(Call(plan, direct, $", 0, {Outer}", streams));
            return;
        }

        var partials = plan.CrossOuterTargets();
        _w.Line($"int {Chunks} = global::NormGen.Kernels.Threading.Chunks({Outer}, {Elements(_ir.Inputs[0].Storage)});");
        // The same chunks on one thread or many, so both give the same bits. The threaded path lives in its own
        // method: its lambdas' closure would otherwise be allocated on every call, threaded or not. A call too small to
        // split but not tiny is one chunk when it sums across the outer loop into the caller's buffers (parameter
        // gradients): it too accumulates into copies placed against its rows (Threading.MinSumCopyElements). Sums into
        // a working buffer of Saved need no copy: the runtime placed that buffer.
        bool intoCallers = partials.Any(p => p.Kind != BufferKind.Scratch);
        string unsplit = intoCallers ? $"{Chunks} == 1 && !global::NormGen.Kernels.Threading.SumsInCopies({Elements(_ir.Inputs[0].Storage)})" : $"{Chunks} == 1";
        using (_w.Block($"if ({unsplit})")) _w.Line(Call(plan, direct, $", 0, {Outer}", streams));
        using (_w.Block($"else if ({(intoCallers ? $"{Chunks} == 1 || " : "")}global::NormGen.Kernels.Threading.MaxThreads == 1)")) EmitSequentialChunks(plan, args, partials, streams);
        using (_w.Block("else"))
        {
            _w.Line($"{Threaded(plan)}{TypeArguments(streams)}(s, {Forwarded(args)}, {Outer}, {Chunks});");
        }
    }

    /// <summary>
    /// A chunk's kernel call: scalars as they are, a span summed across chunks as its partial copy (of this chunk when
    /// <paramref name="threaded"/>, else the one shared set), any other span as <paramref name="span"/> gives it; a
    /// working buffer of one iteration as this chunk's copy when <paramref name="threaded"/>, else Saved's.
    /// </summary>
    private static List<string> ChunkArguments(KernelPlan plan, IReadOnlyList<ApiArgument> args, List<DataBuffer> partials, bool threaded, System.Func<ApiArgument, string> span) =>
        args.Where(a => a.Role != ArgumentRole.Training).Select(a =>
            !a.IsSpan ? a.Id
            : partials.Any(p => p.Name == a.Name) ? PartialArgument(a.Name, threaded)
            : span(a))
            .Concat(plan.ChunkScratch().Select(b =>
                partials.Contains(b) ? PartialArgument(b.Name, threaded)
                : threaded ? CopyArgument(CopyOf(b.Name), threaded)
                : $"ref {ScratchStart(b)}")).ToList();

    /// <summary>The arguments a method with the public method's parameters (less <c>training</c>) is called with.</summary>
    private static string Forwarded(IReadOnlyList<ApiArgument> args) =>
        string.Join(", ", args.Where(a => a.Role != ArgumentRole.Training).Select(a => a.Id));

    /// <summary>
    /// A span as Pinned.Run takes it: stored spans (Half, bfloat16) through a compute-typed view of their first element,
    /// so that one call pins them beside the parameters; only addresses cross over.
    /// </summary>
    private static string Pin(ApiArgument a) => a.IsStored ? $"global::NormGen.Kernels.Pinned.View<{Identifiers.S}, {Identifiers.T}>({a.Id})" : a.Id;

    /// <summary>The multi-threaded run of a kernel: spans pinned for the workers, one chunk of outer iterations each.</summary>
    private void EmitThreaded(KernelPlan plan)
    {
        if (plan.OuterAxes.IsEmpty || !plan.Splittable || !CanPin(plan)) return;
        var args = KernelArguments(plan);
        var spans = args.Where(a => a.IsSpan).ToList();
        var partials = plan.CrossOuterTargets();
        _w.Line();
        string? streams = _streamFlags.ContainsKey(plan) ? StreamingStores.TypeParameter : null;
        _w.Line($"private static void {Threaded(plan)}<{TypeParameters}{(streams is null ? "" : ", " + streams)}>(Shape s, {string.Join(", ", args.Select(a => Parameter(a, Identifiers.T, Identifiers.S, false)))}, nint {Outer}, int {Chunks})");
        _w.Indent();
        _w.Line(Constraints(Identifiers.T));
        _w.Line(StorageConstraints);
        if (streams is not null) _w.Line($"where {streams} : struct");
        _w.Outdent();
        using (_w.Block())
        {
            RentPartials(args, partials, threaded: true, plan.IterationScratch());
            using (_w.Block($"global::NormGen.Kernels.Pinned.Run<{Identifiers.T}>({Address} =>", $", {string.Join(", ", spans.Select(Pin))});"))
            {
                using (_w.Block($"global::NormGen.Kernels.Threading.For({Chunks}, {Chunk} =>", ");"))
                {
                    if (partials.Count > 0) _w.Line($"{Sums}.Clear({Chunk});");
                    _w.Line($"var ({Start}, {End}) = global::NormGen.Kernels.Threading.Range({Outer}, {Chunk}, {Chunks});");
                    var arguments = ChunkArguments(plan, args, partials, threaded: true,
                        a => $"ref global::NormGen.Kernels.Pinned.At<{ElementType(a)}>({Address}[{spans.IndexOf(a)}])");
                    _w.Line(Call(plan, arguments, $", {Start}, {End}", streams));
                }
            }
            AddPartials(partials, plan.IterationScratch());
        }
    }

    /// <summary>The dispatcher's call; <paramref name="streams"/>: its NonTemporal type argument (null: it has none).</summary>
    /// <remarks>
    /// A list longer than <see cref="MaxArgumentsLength"/> characters (a deep formula's working sums, one argument each)
    /// is written one argument per line.
    /// </remarks>
    private static string Call(KernelPlan plan, List<string> arguments, string range, string? streams)
    {
        var all = new List<string> { "s" };
        all.AddRange(arguments);
        string inline = string.Join(", ", all);
        return $"{Dispatcher(plan)}{TypeArguments(streams)}({(inline.Length + range.Length <= MaxArgumentsLength ? inline : "\n" + string.Join(",\n", all))}{range});";
    }

    private const int MaxArgumentsLength = 1200;

    /// <summary>Explicit type arguments when the method takes a NonTemporal one (it cannot be inferred).</summary>
    private static string TypeArguments(string? streams) => streams is null ? "" : $"<{TypeParameters}, {streams}>";

    /// <summary>What a kernel and its dispatcher take: the public arguments less <c>training</c> (each mode has its own kernel).</summary>
    private List<ApiArgument> KernelArguments(KernelPlan plan) =>
        Arguments(plan.Spec.Kind.Direction).Where(a => a.Role != ArgumentRole.Training).ToList();

    private string KernelParameters(KernelPlan plan) =>
        string.Join(", ", KernelArguments(plan).Select(a => a.IsSpan ? $"ref {ElementType(a)} {a.Id}" : a.Role == ArgumentRole.Saved ? $"Saved<{Identifiers.T}> {a.Id}" : $"{Identifiers.T} {a.Id}"))
        + string.Concat(plan.ChunkScratch().Select(b => $", ref {Identifiers.T} {b.Name}"))
        + (plan.OuterAxes.IsEmpty ? "" : $", nint {KernelEmitter.OuterStart}, nint {KernelEmitter.OuterEnd}");

    /// <summary>One method per kernel choosing its variant: specialized sizes, then the vector width.</summary>
    private void EmitDispatcher(KernelPlan plan)
    {
        var args = KernelArguments(plan);
        string parameters = KernelParameters(plan);
        var arguments = args.Select(a => a.IsSpan ? $"ref {a.Id}" : a.Id).Concat(plan.ChunkScratch().Select(b => $"ref {b.Name}")).ToList();
        string range = plan.OuterAxes.IsEmpty ? "" : $", {KernelEmitter.OuterStart}, {KernelEmitter.OuterEnd}";
        bool streams = _streamFlags.ContainsKey(plan);
        _w.Line($"private static void {Dispatcher(plan)}<{TypeParameters}{(streams ? ", " + StreamingStores.TypeParameter : "")}>(in Shape s, {parameters})");
        _w.Indent();
        _w.Line(Constraints(Identifiers.T));
        _w.Line(StorageConstraints);
        if (streams) _w.Line($"where {StreamingStores.TypeParameter} : struct");
        _w.Outdent();
        using (_w.Block())
        {
            DispatchSpecialized(plan, arguments, range);
            // Streaming stores are weakly ordered: fenced on the thread that made them, before anything it does next.
            if (streams) _w.Line($"if ({StreamingStores.IsStreamed}) global::NormGen.Kernels.NonTemporal.Fence();");
        }
        EmitThreaded(plan);
    }

    /// <summary>The specialized variants first (their sizes checked at run time), then the general kernel.</summary>
    private void DispatchSpecialized(KernelPlan plan, List<string> arguments, string range)
    {
        if (_ir.Specializations.IsEmpty)
        {
            DispatchWidth(plan, null, arguments, range);
            return;
        }
        for (int i = 0; i < _ir.Specializations.Length; i++)
        {
            var spec = _ir.Specializations[i];
            string condition = string.Join(" && ", spec.Sizes.Select(p => $"s.{Identifiers.Escape(Axes.Name(p.Axis))} == {Literals.Int(p.Size)}"));
            using (_w.Block($"{(i == 0 ? "if" : "else if")} ({condition})")) DispatchWidth(plan, spec, arguments, range);
        }
        using (_w.Block("else")) DispatchWidth(plan, null, arguments, range);
    }

    private string KernelName(KernelPlan plan, Specialization? spec) =>
        Identifiers.Generated(plan.Name + "Kernel" + (spec is null ? "" : "_" + string.Join("_", spec.Sizes.Select(p => Identifiers.Axes(Axes, new[] { p.Axis }) + "_" + Literals.Int(p.Size)))));

    /// <summary>Kernels with split-load copies of their sweeps: they take the type parameter SplitLoads.TypeParameter.</summary>
    private readonly HashSet<(KernelPlan, Specialization?)> _splitting = new();

    /// <summary>
    /// Picks the widest vector the JIT accelerates; each branch is a JIT-time constant, so only one survives. A kernel
    /// with split-load copies gets Simd512SplitLoads for its loads with Vector512, its own ops otherwise (Loops/SplitLoads.cs).
    /// </summary>
    private void DispatchWidth(KernelPlan plan, Specialization? spec, List<string> arguments, string range)
    {
        string streams = _streaming.Contains((plan, spec)) ? ", " + StreamingStores.TypeParameter : "";
        bool splits = _splitting.Contains((plan, spec));
        string call(string ops, string vector) =>
            $"{KernelName(plan, spec)}<{TypeParameters}, global::NormGen.Kernels.{ops}<{Identifiers.T}>, {vector}"
            + (splits ? $", global::NormGen.Kernels.{(ops == "Simd512" ? "Simd512SplitLoads" : ops)}<{Identifiers.T}>" : "")
            + $"{streams}>(s, {string.Join(", ", arguments)}{range});";
        foreach (int bits in new[] { 512, 256, 128 })
        {
            _w.Line($"{(bits == 512 ? "if" : "else if")} (global::System.Runtime.Intrinsics.Vector{bits}.IsHardwareAccelerated)");
            _w.Line("    " + call("Simd" + bits, $"global::System.Runtime.Intrinsics.Vector{bits}<{Identifiers.T}>"));
        }
        _w.Line("else");
        _w.Line("    " + call("Scalar", Identifiers.T));
    }

    private void EmitKernel(KernelPlan plan, Specialization? spec)
    {
        var args = KernelArguments(plan);
        string parameters = KernelParameters(plan);
        string sizes = spec is null ? "" : " Specialized for " + string.Join(", ", spec.Sizes.Select(p => $"{Axes.Name(p.Axis)} = {Literals.Int(p.Size)}")) + ": constant loop bounds, no remainder loops.";
        _w.Line($"/// <summary>{plan.Name}: {FormulaPrinter.Escape(PlanSummary(plan))}{sizes}</summary>");
        // Fully optimized from the first call: tiered compilation would run the loops as tier-0 code (every ISimd op a
        // call) and on-stack-replaced code until the 30th call (docs/benchmarks.md, "First calls").
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        bool streams = _streaming.Contains((plan, spec)), splits = _splitting.Contains((plan, spec));
        _w.Line($"private static void {KernelName(plan, spec)}<{TypeParameters}, {Identifiers.V}, {Identifiers.TV}{(splits ? ", " + SplitLoads.TypeParameter : "")}{(streams ? ", " + StreamingStores.TypeParameter : "")}>(in Shape s, {parameters})");
        _w.Indent();
        _w.Line(Constraints(Identifiers.T));
        _w.Line(StorageConstraints);
        _w.Line($"where {Identifiers.V} : struct, global::NormGen.Kernels.ISimd<{Identifiers.TV}, {Identifiers.T}>");
        if (splits) _w.Line($"where {SplitLoads.TypeParameter} : struct, global::NormGen.Kernels.ISimd<{Identifiers.TV}, {Identifiers.T}>");
        if (streams) _w.Line($"where {StreamingStores.TypeParameter} : struct");
        _w.Outdent();
        using (_w.Block())
        {
            foreach (var b in KernelBuffers(plan).Except(plan.ChunkScratch()))
            {
                if (b.Kind == BufferKind.Saved) _w.Line($"ref {Identifiers.T} {b.Name} = ref {Marshal}.GetArrayDataReference(saved.{Pascal(b.Statistic!)});");
                else _w.Line($"ref {Identifiers.T} {b.Name} = ref global::NormGen.Kernels.CacheLineBuffer.Start(saved.{b.Name});");
            }
            _w.Append(spec is null ? _bodies[plan].Body : _specializedBodies[(plan, spec)]);
        }
    }

    private static IEnumerable<DataBuffer> KernelBuffers(KernelPlan plan)
    {
        var all = plan.Before.Concat(plan.Inside).Concat(plan.After).SelectMany(p => p.Computations).Select(c => c.Target)
            .Concat(plan.Tensors.Values).Concat(plan.Scratch);
        return all.Where(b => b.Kind is BufferKind.Saved or BufferKind.Scratch).Distinct().OrderBy(b => b.Name, System.StringComparer.Ordinal);
    }

    private string PlanSummary(KernelPlan plan)
    {
        int passes(IEnumerable<Pass> ps) => ps.Count(p => !p.Domain.IsEmpty);
        string outer = plan.OuterAxes.IsEmpty ? "no outer loop" : $"outer loop over ({Axes.Format(plan.OuterAxes)})";
        return $"{outer}; {passes(plan.Inside)} sweep(s) inside it, {passes(plan.Before)} before, {passes(plan.After)} after.";
    }
}
