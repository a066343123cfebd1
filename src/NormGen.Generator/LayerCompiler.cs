using System.Collections.Generic;
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
    public static CompiledLayer Compile(BoundLayer layer)
    {
        var ir = IrBuilder.Build(layer);

        var modes = LayerPlanner.Plan(ir);
        var kernels = new List<(KernelPlan, bool)>();
        foreach (var mode in modes)
        {
            kernels.Add((Scheduler.Schedule(ir, mode.Forward), mode.Training));
            kernels.Add((Scheduler.Schedule(ir, mode.Backward), mode.Training));
        }
        // Forward kernels first, then backward, each in mode order: a stable file layout.
        kernels = kernels.OrderBy(k => k.Item1.Spec.Name.StartsWith("Forward") ? 0 : 1).ToList();
        string source = new LayerEmitter(ir, modes, kernels).Emit();
        return new CompiledLayer(layer.HintName, source);
    }
}
