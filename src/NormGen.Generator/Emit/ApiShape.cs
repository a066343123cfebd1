using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

/// <summary>What an argument of the public kernels is, which decides its type and how it is checked and passed on.</summary>
internal enum ArgumentRole
{
    /// <summary>A tensor the kernel only reads (ReadOnlySpan): an input, a parameter, or a running buffer in Backward.</summary>
    Tensor,
    /// <summary>A running buffer in Forward (Span): read in eval, updated by a training forward.</summary>
    Running,
    /// <summary>The output y that Forward writes (Span).</summary>
    Output,
    /// <summary>The output's gradient dy that Backward reads (ReadOnlySpan).</summary>
    OutputGradient,
    /// <summary>The gradient of an input (written) or a parameter (accumulated) that Backward produces (Span).</summary>
    Gradient,
    /// <summary>The Saved&lt;T&gt; the forward fills and the backward reads.</summary>
    Saved,
    /// <summary>The bool choosing the mode of a layer with Running(...).</summary>
    Training,
    /// <summary>A hyper-parameter, passed as T.</summary>
    Hyper,
}

/// <summary>One argument of the public kernels: its role and the declaration it comes from.</summary>
/// <param name="Tensor">The input, parameter or running buffer the argument is (Tensor, Running) or is the gradient of (Gradient).</param>
/// <param name="Hyper">The hyper-parameter, for <see cref="ArgumentRole.Hyper"/>.</param>
/// <param name="Output">The output the argument is (Output) or is the gradient of (OutputGradient).</param>
internal sealed record ApiArgument(string Name, ArgumentRole Role, ImmutableArray<int> Storage, TensorDecl? Tensor = null, HyperDecl? Hyper = null,
    OutputDecl? Output = null)
{
    public bool IsSpan => Role is ArgumentRole.Tensor or ArgumentRole.Running or ArgumentRole.Output or ArgumentRole.OutputGradient or ArgumentRole.Gradient;

    /// <summary>A span the kernel does not write.</summary>
    public bool IsReadOnly => Role is ArgumentRole.Tensor or ArgumentRole.OutputGradient;

    /// <summary>
    /// A tensor stored in the kernels' storage type (<see cref="Identifiers.S"/>): the inputs, the output and their
    /// gradients. Parameters, their gradients, running buffers, Saved and hyper-parameters stay in the compute type.
    /// </summary>
    public bool IsStored => Role is ArgumentRole.Output or ArgumentRole.OutputGradient
        || (Role is ArgumentRole.Tensor or ArgumentRole.Gradient && Tensor?.Role == TensorRole.Input && !IsConditioningGradient);

    /// <summary>
    /// The gradient of a conditioning input ([Input("n d")]): a sum over the broadcast axes, accumulated across rows and
    /// chunks like a parameter gradient, so it stays in the compute type as a parameter gradient does.
    /// </summary>
    public bool IsConditioningGradient { get; init; }

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
        Outputs = ir.Outputs;
        var saved = new ApiArgument(ApiNames.Saved, ArgumentRole.Saved, ImmutableArray<int>.Empty);
        var training = new ApiArgument(ApiNames.Training, ArgumentRole.Training, ImmutableArray<int>.Empty);
        var hypers = Hypers.Select(h => new ApiArgument(h.Name, ArgumentRole.Hyper, ImmutableArray<int>.Empty, Hyper: h));

        var forward = new List<ApiArgument>();
        forward.AddRange(Tensors.Select(t => new ApiArgument(t.Name, ArgumentRole.Tensor, t.Storage, t)));
        forward.AddRange(Running.Select(r => new ApiArgument(r.Name, ArgumentRole.Running, r.Storage, r)));
        // The outputs in tuple order where a one-output layer has y; their gradients likewise where it has dy.
        forward.AddRange(Outputs.Select(o => new ApiArgument(o.Name, ArgumentRole.Output, o.Storage, Output: o)));
        forward.Add(saved);
        if (HasRunning) forward.Add(training);
        forward.AddRange(hypers);
        Forward = forward.ToImmutableArray();

        var backward = Outputs.Select(o => new ApiArgument(o.GradientName, ArgumentRole.OutputGradient, o.Storage, Output: o)).ToList();
        backward.AddRange(Tensors.Select(t => new ApiArgument(t.Name, ArgumentRole.Tensor, t.Storage, t)));
        backward.AddRange(Running.Select(r => new ApiArgument(r.Name, ArgumentRole.Tensor, r.Storage, r)));
        backward.Add(saved);
        backward.AddRange(Tensors.Select(t => new ApiArgument(LayerPlanner.GradientOf(t).Name, ArgumentRole.Gradient, t.Storage, t)
        {
            IsConditioningGradient = LayerPlanner.IsConditioning(ir, t),
        }));
        if (HasRunning) backward.Add(training);
        backward.AddRange(hypers);
        Backward = backward.ToImmutableArray();

        // The stateful layer owns the sizes of the axes its parameters and running buffers have; the others are free.
        Bound = Tensors.Where(t => t.Role == TensorRole.Param).Select(t => t.Axes)
            .Concat(Running.Select(r => r.Axes)).Aggregate(AxisSet.Empty, (a, b) => a | b);
        Free = ir.Axes.All - Bound;
        var inputs = Tensors.Where(t => t.Role == TensorRole.Input).ToList();
        InferredAxis = Free.Count == 1 && inputs[0].Axes.Contains(Free.Indices().First()) ? Free.Indices().First() : null;

        var spans = inputs.Select(_ => GeneratedMembers.ReadOnlySpanType);
        var outputSpans = Outputs.Select(_ => GeneratedMembers.SpanType);
        var signatures = new List<(string, ImmutableArray<string>)>
        {
            (GeneratedMembers.Constructor, Bound.Indices().Select(_ => GeneratedMembers.IntType).Concat(Hypers.Select(_ => GeneratedMembers.FloatType)).ToImmutableArray()),
            (GeneratedMembers.ShapeFor, Free.Indices().Select(_ => GeneratedMembers.IntType).ToImmutableArray()),
            (GeneratedMembers.Forward, spans.Prepend(GeneratedMembers.Shape).Concat(outputSpans).ToImmutableArray()),
        };
        if (InferredAxis is not null) signatures.Add((GeneratedMembers.Forward, spans.Concat(outputSpans).ToImmutableArray()));
        signatures.Add((GeneratedMembers.Backward, Outputs.Select(_ => GeneratedMembers.ReadOnlySpanType).Concat(inputs.Select(_ => GeneratedMembers.SpanType)).ToImmutableArray()));
        // The mixed-precision overloads of the same three methods (LayerEmitter.Storage.cs).
        foreach (var element in GeneratedMembers.StorageTypes)
        {
            string readOnly = $"System.ReadOnlySpan<{element}>", span = $"System.Span<{element}>";
            var stored = inputs.Select(_ => readOnly);
            var storedOutputs = Outputs.Select(_ => span);
            signatures.Add((GeneratedMembers.Forward, stored.Prepend(GeneratedMembers.Shape).Concat(storedOutputs).ToImmutableArray()));
            if (InferredAxis is not null) signatures.Add((GeneratedMembers.Forward, stored.Concat(storedOutputs).ToImmutableArray()));
            // A conditioning input's gradient stays float, as LayerEmitter.Stateful writes it (a sum over broadcast axes).
            var gradients = inputs.Select(t => LayerPlanner.IsConditioning(ir, t) ? GeneratedMembers.SpanType : span);
            signatures.Add((GeneratedMembers.Backward, Outputs.Select(_ => readOnly).Concat(gradients).ToImmutableArray()));
        }
        signatures.Add((GeneratedMembers.ZeroGrad, ImmutableArray<string>.Empty));
        StatefulSignatures = signatures.ToImmutableArray();

        // The tensor-span overloads read the Shape from the first input's lengths, so it must hold every axis.
        var layout = ir.Inputs.IsEmpty ? ImmutableArray<int>.Empty : ir.Inputs[0].Storage;
        Layout = layout.Length == ir.Axes.Names.Count ? layout : ImmutableArray<int>.Empty;
    }

    /// <summary>The axes whose sizes the stateful layer fixes (those of its parameters and running buffers).</summary>
    public AxisSet Bound { get; }

    /// <summary>The other axes, whose sizes each input brings.</summary>
    public AxisSet Free { get; }

    /// <summary>The one free axis of the input, when the stateful layer has a Forward that infers its size from the input's length.</summary>
    public int? InferredAxis { get; }

    /// <summary>
    /// The stateful layer's public methods and constructor (<see cref="GeneratedMembers.Constructor"/>) with their
    /// parameter types in order, as <see cref="LayerEmitter"/> writes them: a user member with the same name and
    /// parameters would be a duplicate (CS0111), which NameRules reports as NG0016 instead.
    /// </summary>
    public ImmutableArray<(string Name, ImmutableArray<string> Parameters)> StatefulSignatures { get; }

    /// <summary>The first input's axes in storage order when they are every axis of the layout, else empty (no tensor-span overloads).</summary>
    public ImmutableArray<int> Layout { get; }

    /// <summary>
    /// The arguments a tensor-span overload takes as ReadOnlyTensorSpan/TensorSpan: inputs, the output and their
    /// gradients laid out as the first input. Parameters, running buffers and statistics stay spans.
    /// </summary>
    public bool IsLayoutTensor(ApiArgument a) =>
        !Layout.IsEmpty && a.IsSpan && a.Storage.SequenceEqual(Layout)
        && (a.Role is ArgumentRole.Output or ArgumentRole.OutputGradient || a.Tensor?.Role == TensorRole.Input);

    /// <summary>The outputs Forward writes, in tuple order (y alone for a formula returning one Expr).</summary>
    public ImmutableArray<OutputDecl> Outputs { get; }

    /// <summary>Expr parameters (inputs and learned parameters) in formula order.</summary>
    public ImmutableArray<TensorDecl> Tensors { get; }
    public ImmutableArray<TensorDecl> Running { get; }
    public ImmutableArray<HyperDecl> Hypers { get; }
    public bool HasRunning { get; }
    public ImmutableArray<ApiArgument> Forward { get; }
    public ImmutableArray<ApiArgument> Backward { get; }

    public ImmutableArray<ApiArgument> Of(KernelDirection direction) => direction == KernelDirection.Forward ? Forward : Backward;
}
