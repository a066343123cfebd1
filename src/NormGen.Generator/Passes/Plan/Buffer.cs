using System.Collections.Immutable;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Passes.Plan;

internal enum BufferKind
{
    /// <summary>A kernel argument (x, gamma, y, dx, running buffers, ...).</summary>
    Span,
    /// <summary>An array of Saved&lt;T&gt; that the forward writes and the backward reads.</summary>
    Saved,
    /// <summary>Working memory a kernel needs between passes (per-channel sums, ...), owned by Saved&lt;T&gt;.</summary>
    Scratch,
    /// <summary>A scalar local: a statistic of the current iteration of the outer loop.</summary>
    Local,
}

/// <summary>Where a value lives: row-major over <see cref="Storage"/> (logical axes, outermost first).</summary>
/// <param name="Statistic">
/// A <see cref="BufferKind.Saved"/> buffer's statistic ("mean"; Saved&lt;T&gt;.Mean holds it), kept beside the
/// kernel-local <paramref name="Name"/> (__saved_mean) so no one has to take that name apart again.
/// </param>
internal sealed record DataBuffer(string Name, BufferKind Kind, ImmutableArray<int> Storage, string? Statistic = null)
{
    /// <summary>The name as a C# identifier (a user's keyword-named tensor escaped with '@').</summary>
    public string Id => Emit.Identifiers.Escape(Name);

    public AxisSet Axes
    {
        get
        {
            var set = AxisSet.Empty;
            foreach (var a in Storage) set |= AxisSet.Of(a);
            return set;
        }
    }
}

/// <summary>A value a kernel writes: <c>Target = Value</c> or, for parameter gradients, <c>Target += Value</c>.</summary>
internal sealed record KernelOutput(Node Value, DataBuffer Target, bool Accumulate)
{
    /// <summary>
    /// The gradient of a conditioning input ([Input("n d")]): written, yet summed over the axes the input is broadcast
    /// along, often across the outer loop and its threads. The public method clears the caller's span and the kernel
    /// accumulates into it (<see cref="Accumulate"/> is true), exactly as into a parameter gradient.
    /// </summary>
    public bool ClearsTarget { get; init; }
}
