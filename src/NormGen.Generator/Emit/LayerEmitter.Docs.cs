using System.Linq;
using NormGen.Generator.Ir;

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
    private void KernelArgumentDocs(bool forward)
    {
        ParamDoc("s", "The size of every axis; each span's length must match it.");
        foreach (var a in Arguments(forward)) ParamDoc(a.Name, ArgumentText(a, forward));
    }

    private string ArgumentText(ApiArgument a, bool forward)
    {
        string over = OverAxes(a.Storage);
        var tensor = _api.Tensors.FirstOrDefault(t => t.Name == a.Name);
        switch (a.Kind)
        {
            case "saved":
                return forward
                    ? "Receives the statistics the backward needs; allocate once per shape with <c>new Saved&lt;T&gt;(s)</c> and reuse."
                    : "What the forward of the same input saved.";
            case "training":
                return "True: normalize with the batch statistics and update the running buffers; false: normalize with the running buffers.";
            case "hyper":
                var d = _api.Hypers.First(h => h.Name == a.Name).Default;
                return $"Hyper-parameter <c>{a.Name}</c> of the formula{(d is null ? "" : $" (default {Literals.Double(d.Value)})")}.";
            case "running":
                return $"Running buffer <c>{a.Name}</c>{over}: read in eval; a training forward updates it in place.";
            case "in" when !forward && a.Name == "dy":
                return $"The gradient of the loss with respect to the output y{over}.";
            case "in" when tensor is { Role: TensorRole.Param }:
                return $"Learned parameter <c>{a.Name}</c>{over}.";
            case "in" when tensor is not null:
                return forward ? $"Input <c>{a.Name}</c>{over}." : $"Input <c>{a.Name}</c>{over}, as passed to the forward.";
            case "in":
                return $"Running buffer <c>{a.Name}</c>{over}, as passed to the forward.";
            case "out" when forward:
                return $"Receives the output <c>{a.Name}</c>{over}.";
            default:
                var of = _api.Tensors.FirstOrDefault(t => "d" + t.Name == a.Name);
                return of is { Role: TensorRole.Param }
                    ? $"The gradient with respect to <c>{of.Name}</c>{over}: added to (+=), so several backward calls can share one buffer."
                    : $"Receives the gradient with respect to <c>{of?.Name ?? a.Name}</c>{over} (overwritten).";
        }
    }
}
