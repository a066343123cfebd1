using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

/// <summary>One argument of the public kernels, with how it is checked and passed on.</summary>
internal sealed record ApiArgument(string Name, string Kind, ImmutableArray<int> Storage)
{
    /// <summary>"in" (ReadOnlySpan), "out" (Span written or accumulated), "saved", "training", "hyper".</summary>
    public bool IsSpan => Kind is "in" or "out" or "running";

    /// <summary>The name as a C# identifier.</summary>
    public string Id => Identifiers.Escape(Name);
}

/// <summary>The argument lists of the public Forward and Backward, in the order docs/api.md documents.</summary>
internal sealed class ApiShape
{
    public ApiShape(LayerIr ir)
    {
        Tensors = ir.Layer.Parameters.Where(p => p.Role != ParameterRole.Hyper)
            .Select(p => ir.Inputs.Concat(ir.Parameters).First(t => t.Name == p.Name)).ToImmutableArray();
        Running = ir.Running.Select(r => r.Buffer).ToImmutableArray();
        Hypers = ir.Hypers;
        HasRunning = ir.HasRunning;
        var y = LayerPlanner.OutputBuffer(ir);

        var forward = new List<ApiArgument>();
        forward.AddRange(Tensors.Select(t => new ApiArgument(t.Name, "in", t.Storage)));
        forward.AddRange(Running.Select(r => new ApiArgument(r.Name, "running", r.Storage)));
        forward.Add(new ApiArgument(y.Name, "out", y.Storage));
        forward.Add(new ApiArgument("saved", "saved", ImmutableArray<int>.Empty));
        if (HasRunning) forward.Add(new ApiArgument("training", "training", ImmutableArray<int>.Empty));
        forward.AddRange(Hypers.Select(h => new ApiArgument(h.Name, "hyper", ImmutableArray<int>.Empty)));
        Forward = forward.ToImmutableArray();

        var backward = new List<ApiArgument> { new("dy", "in", y.Storage) };
        backward.AddRange(Tensors.Select(t => new ApiArgument(t.Name, "in", t.Storage)));
        backward.AddRange(Running.Select(r => new ApiArgument(r.Name, "in", r.Storage)));
        backward.Add(new ApiArgument("saved", "saved", ImmutableArray<int>.Empty));
        backward.AddRange(Tensors.Select(t => new ApiArgument("d" + t.Name, "out", t.Storage)));
        if (HasRunning) backward.Add(new ApiArgument("training", "training", ImmutableArray<int>.Empty));
        backward.AddRange(Hypers.Select(h => new ApiArgument(h.Name, "hyper", ImmutableArray<int>.Empty)));
        Backward = backward.ToImmutableArray();
    }

    /// <summary>Expr parameters (inputs and learned parameters) in formula order.</summary>
    public ImmutableArray<TensorDecl> Tensors { get; }
    public ImmutableArray<TensorDecl> Running { get; }
    public ImmutableArray<HyperDecl> Hypers { get; }
    public bool HasRunning { get; }
    public ImmutableArray<ApiArgument> Forward { get; }
    public ImmutableArray<ApiArgument> Backward { get; }
}
