using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Emit;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator;

/// <summary>The result of compiling one layer: its hint name and emitted source.</summary>
internal sealed record CompiledLayer(string HintName, string Source);

/// <summary>
/// The compiler proper, from a bound <see cref="BoundLayer"/> (every diagnostic already reported) to C#:
/// Ir (build, hash-cons, simplify) -> Passes (differentiate, plan, schedule) -> Emit.
/// </summary>
internal static class LayerCompiler
{
    public static CompiledLayer Compile(BoundLayer layer, EmitOptions options = default)
    {
        var ir = IrBuilder.Build(layer);

        var modes = LayerPlanner.Plan(ir);
        // Forward kernels first, then backward, each in mode order: a stable file layout.
        var kernels = modes.Select(m => m.Forward).Concat(modes.Select(m => m.Backward))
            .SelectMany(spec => Scheduler.Schedule(ir, spec)).ToImmutableArray();
        string source = new LayerEmitter(ir, modes, kernels, options).Emit();
        return new CompiledLayer(layer.HintName, source);
    }
}
