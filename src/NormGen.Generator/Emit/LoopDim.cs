using System.Collections.Generic;
using System.Linq;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit;

/// <summary>One loop of a pass: one logical axis, or several adjacent ones merged into a single flat loop.</summary>
internal sealed class LoopDim
{
    public LoopDim(List<int> axes, AxisTable table)
    {
        Axes = axes;
        Set = AxisSet.Empty;
        foreach (var a in axes) Set |= AxisSet.Of(a);
        Index = KernelEmitter.IndexName(table, axes);
    }

    public List<int> Axes { get; }
    public AxisSet Set { get; }
    public string Index { get; }
}
