using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

// Parameter gradients of a kernel split into chunks go through NormGen.Kernels.PartialSums: one zeroed copy per chunk,
// added into the gradient in chunk order, so one thread and several give the same bits. On one thread the chunks share
// one set of copies (added after each chunk), which stays in L1; the runtime lays the copies out against the rows the
// kernel reads, the first a line behind them modulo 4 KB, so that no copy's stores run just ahead of the row loads
// (docs/statistics.md, "Gradients at chosen offsets").
internal sealed partial class LayerEmitter
{
    private static readonly string Sums = Identifiers.Generated("sums");

    private static string SumOf(string gradient) => Identifiers.Of("sum", gradient);

    /// <summary>The handle of a working buffer's per-chunk copy (<see cref="KernelPlan.IterationScratch"/>).</summary>
    private static string CopyOf(string buffer) => Identifiers.Of("copy", buffer);

    /// <summary>
    /// Rents the partial copies (one set per chunk when <paramref name="threaded"/>, else one shared set), laid out
    /// against the first stored span the kernel reads (its rows), and with them each chunk's copy of the working
    /// buffers of one iteration (<paramref name="iterationScratch"/>, threaded only: in turn, the chunks share Saved's).
    /// </summary>
    private void RentPartials(IReadOnlyList<ApiArgument> args, List<DataBuffer> partials, bool threaded, List<DataBuffer>? iterationScratch = null)
    {
        var copies = partials.Concat(iterationScratch ?? new List<DataBuffer>()).ToList();
        if (copies.Count == 0) return;
        var rows = args.FirstOrDefault(a => a.IsSpan && a.IsStored && a.IsReadOnly);
        string anchor = rows is null ? "" : $", {Marshal}.AsBytes({rows.Id})";
        _w.Line($"var {Sums} = global::NormGen.Kernels.PartialSums<{Identifiers.T}>.Rent({(threaded ? Chunks : "1")}{anchor});");
        foreach (var p in partials) _w.Line($"int {SumOf(p.Name)} = {Sums}.Reserve({TargetSpan(p)}.Length);");
        if (copies.Count > partials.Count) _w.Line("// Each chunk's own copy of the working buffers of one outer iteration: the iterations of a chunk reuse it.");
        foreach (var b in copies.Skip(partials.Count)) _w.Line($"int {CopyOf(b.Name)} = {Sums}.Reserve({TargetSpan(b)}.Length);");
    }

    /// <summary>The argument a chunk's kernel call takes for gradient <paramref name="gradient"/>: its partial copy.</summary>
    private static string PartialArgument(string gradient, bool threaded) => CopyArgument(SumOf(gradient), threaded);

    /// <summary>A chunk's copy (<paramref name="threaded"/>), or the one shared set's.</summary>
    private static string CopyArgument(string handle, bool threaded) => $"ref {Sums}.At({handle}, {(threaded ? Chunk : "0")})";

    private static string ScratchStart(DataBuffer b) => $"global::NormGen.Kernels.CacheLineBuffer.Start(saved.{b.Name})";

    /// <summary>What a gradient's or a working buffer's partial copies are added into.</summary>
    private string TargetSpan(DataBuffer b) => b.Kind == BufferKind.Scratch
        ? $"{Marshal}.CreateSpan(ref {ScratchStart(b)}, (int){Elements(b.Storage)})"
        : Identifiers.Escape(b.Name);

    /// <summary>A working buffer receives only the chunks' sums: zeroed before they are added in.</summary>
    private void ClearScratchTargets(List<DataBuffer> partials)
    {
        foreach (var p in partials.Where(p => p.Kind == BufferKind.Scratch)) _w.Line($"{TargetSpan(p)}.Clear();");
    }

    /// <summary>The chunks of a split kernel, in turn on this thread.</summary>
    private void EmitSequentialChunks(KernelPlan plan, IReadOnlyList<ApiArgument> args, List<DataBuffer> partials, string? streams)
    {
        RentPartials(args, partials, threaded: false);
        ClearScratchTargets(partials);
        using (_w.Block($"for (int {Chunk} = 0; {Chunk} < {Chunks}; {Chunk}++)"))
        {
            if (partials.Count > 0) _w.Line($"{Sums}.Clear(0);");
            _w.Line($"var ({Start}, {End}) = global::NormGen.Kernels.Threading.Range({Outer}, {Chunk}, {Chunks});");
            var arguments = ChunkArguments(plan, args, partials, threaded: false, a => $"ref {Marshal}.GetReference({a.Id})");
            _w.Line(Call(plan, arguments, $", {Start}, {End}", streams));
            foreach (var p in partials) _w.Line($"{Sums}.AddTo({TargetSpan(p)}, {SumOf(p.Name)}, 0);");
        }
        if (partials.Count > 0) _w.Line($"{Sums}.Return();");
    }

    /// <summary>After the threaded chunks: every chunk's copies added into the gradients, in chunk order.</summary>
    private void AddPartials(List<DataBuffer> partials, List<DataBuffer> iterationScratch)
    {
        if (partials.Count + iterationScratch.Count == 0) return;
        ClearScratchTargets(partials);
        foreach (var p in partials) _w.Line($"{Sums}.AddChunksTo({TargetSpan(p)}, {SumOf(p.Name)});");
        _w.Line($"{Sums}.Return();");
    }
}
