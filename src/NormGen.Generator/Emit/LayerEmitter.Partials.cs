using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

// Parameter gradients of a kernel split into chunks go through NormGen.Kernels.PartialSums: one zeroed copy per chunk,
// added into the gradient in chunk order, so one thread and several give the same bits. On one thread the chunks share
// one set of copies (added after each chunk), which stays in L1; the runtime lays the copies out so they do not alias
// each other modulo 4 KB (docs/benchmarks.md, "LayerNorm backward at 1024-float rows": one pooled array per gradient
// and chunk cost ~40% there).
internal sealed partial class LayerEmitter
{
    private static readonly string Sums = Identifiers.Generated("sums");

    private static string SumOf(string gradient) => Identifiers.Of("sum", gradient);

    /// <summary>Rents the partial copies (one set per chunk when <paramref name="threaded"/>, else one shared set).</summary>
    private void RentPartials(List<string> partials, bool threaded)
    {
        if (partials.Count == 0) return;
        _w.Line($"var {Sums} = global::NormGen.Kernels.PartialSums<{Identifiers.T}>.Rent({(threaded ? Chunks : "1")});");
        foreach (var p in partials) _w.Line($"int {SumOf(p)} = {Sums}.Reserve({Identifiers.Escape(p)}.Length);");
    }

    /// <summary>The argument a chunk's kernel call takes for gradient <paramref name="gradient"/>: its partial copy.</summary>
    private static string PartialArgument(string gradient, bool threaded) => $"ref {Sums}.At({SumOf(gradient)}, {(threaded ? Chunk : "0")})";

    /// <summary>The chunks of a split kernel, in turn on this thread.</summary>
    private void EmitSequentialChunks(KernelPlan plan, IReadOnlyList<ApiArgument> args, List<string> partials, string? streams)
    {
        RentPartials(partials, threaded: false);
        using (_w.Block($"for (int {Chunk} = 0; {Chunk} < {Chunks}; {Chunk}++)"))
        {
            if (partials.Count > 0) _w.Line($"{Sums}.Clear(0);");
            _w.Line($"var ({Start}, {End}) = global::NormGen.Kernels.Threading.Range({Outer}, {Chunk}, {Chunks});");
            var arguments = args.Where(a => a.Role != ArgumentRole.Training).Select(a =>
                !a.IsSpan ? a.Id
                : partials.Contains(a.Name) ? PartialArgument(a.Name, threaded: false)
                : $"ref {Marshal}.GetReference({a.Id})").ToList();
            _w.Line(Call(plan, arguments, $", {Start}, {End}", streams));
            foreach (var p in partials) _w.Line($"{Sums}.AddTo({Identifiers.Escape(p)}, {SumOf(p)}, 0);");
        }
        if (partials.Count > 0) _w.Line($"{Sums}.Return();");
    }

    /// <summary>After the threaded chunks: every chunk's copies added into the gradients, in chunk order.</summary>
    private void AddPartials(List<string> partials)
    {
        if (partials.Count == 0) return;
        foreach (var p in partials) _w.Line($"{Sums}.AddChunksTo({Identifiers.Escape(p)}, {SumOf(p)});");
        _w.Line($"{Sums}.Return();");
    }
}
