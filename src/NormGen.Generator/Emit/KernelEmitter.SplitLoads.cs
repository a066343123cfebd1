using System;
using System.Collections.Generic;
using NormGen.Generator.Emit.Loops;
using NormGen.Generator.Model;

namespace NormGen.Generator.Emit;

internal sealed partial class KernelEmitter
{
    /// <summary>Whether the body has split-load copies (then the kernel takes SplitLoads.TypeParameter).</summary>
    public bool SplitsLoads { get; private set; }

    /// <summary>The kernel with split-load copies of its sweeps over tensor rows (Loops/SplitLoads.cs).</summary>
    private EquatableArray<Stmt> WithSplitLoads(EquatableArray<Stmt> body, IReadOnlyCollection<string> tensors)
    {
        if (Touched() is not { } touched) return body;
        var set = new HashSet<string>(tensors, StringComparer.Ordinal);
        var result = SplitLoads.Add(body, set.Contains, touched);
        SplitsLoads = result.Count > 0 && result[0] is SplitFlag;
        return result;
    }
}
