using System.Linq;
using NormGen.Generator.Ir;
using NormGen.Generator.Model;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

/// <summary>
/// The XML docs of the generated public API beyond one-line summaries: a &lt;param&gt; for every argument (its
/// role, axes and length) and the exceptions a call throws, so IntelliSense explains each kernel argument.
/// </summary>
internal sealed partial class LayerEmitter
{
    private const string ArgumentException = "global::System.ArgumentException";
    private const string ArgumentOutOfRange = "global::System.ArgumentOutOfRangeException";

    private void ParamDoc(string name, string text) => _w.Line($"/// <param name=\"{name}\">{text}</param>");

    private void ExceptionDoc(string type, string text) => _w.Line($"/// <exception cref=\"{type}\">{text}</exception>");

    /// <summary>" over (n d), length n*d", or " (a scalar, length 1)" for a tensor over no axis (a learned scalar).</summary>
    private string OverAxes(System.Collections.Immutable.ImmutableArray<int> storage) =>
        storage.IsEmpty ? " (a scalar, length 1)" : $" over ({string.Join(" ", storage.Select(Axes.Name))}), length {string.Join("*", storage.Select(Axes.Name))}";

    /// <summary>The &lt;param&gt; docs of a public Forward or Backward, in argument order.</summary>
    private void KernelArgumentDocs(KernelDirection direction)
    {
        ParamDoc(ApiNames.Shape, "The size of every axis; each span's length must match it.");
        foreach (var a in Arguments(direction)) ParamDoc(a.Name, ArgumentText(a, direction == KernelDirection.Forward));
    }

    private string ArgumentText(ApiArgument a, bool forward)
    {
        string over = OverAxes(a.Storage);
        switch (a.Role)
        {
            case ArgumentRole.Saved:
                return forward
                    ? "Receives the statistics the backward needs; allocate once per shape with <c>new Saved&lt;T&gt;(s)</c> and reuse."
                    : "What the forward of the same input saved.";
            case ArgumentRole.Training:
                return "True: normalize with the batch statistics and update the running buffers; false: normalize with the running buffers.";
            case ArgumentRole.Hyper:
                var d = a.Hyper!.Default;
                return $"Hyper-parameter <c>{a.Name}</c> of the formula{(d is null ? "" : $" (default {Literals.Double(d.Value)})")}.";
            case ArgumentRole.Running:
                return $"Running buffer <c>{a.Name}</c>{over}: read in eval; a training forward updates it in place.";
            case ArgumentRole.OutputGradient:
                return $"The gradient of the loss with respect to the output {a.Output?.Name ?? ApiNames.Output}{over}.";
            case ArgumentRole.Output:
                return $"Receives the output <c>{a.Name}</c>{over}.";
            case ArgumentRole.Tensor:
                return a.Tensor!.Role switch
                {
                    TensorRole.Param => $"Learned parameter <c>{a.Name}</c>{over}.",
                    TensorRole.Input => forward ? $"Input <c>{a.Name}</c>{over}." : $"Input <c>{a.Name}</c>{over}, as passed to the forward.",
                    _ => $"Running buffer <c>{a.Name}</c>{over}, as passed to the forward.",
                };
            default:
                var of = a.Tensor!;
                return of.Role == TensorRole.Param
                    ? $"The gradient with respect to <c>{of.Name}</c>{over}: added to (+=), so several backward calls can share one buffer."
                    : $"Receives the gradient with respect to <c>{of.Name}</c>{over} (overwritten).";
        }
    }
}
