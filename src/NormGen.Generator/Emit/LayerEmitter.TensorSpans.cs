using System.Linq;
using NormGen.Generator.Passes.Plan;

namespace NormGen.Generator.Emit;

/// <summary>
/// Overloads of the public kernels taking System.Numerics.Tensors' ReadOnlyTensorSpan/TensorSpan for the inputs, the
/// output and their gradients, with the Shape read from the first one's lengths, for each public element type (float,
/// double, and Half/bfloat16 storage with float parameters as the span overloads take them). Emitted only when the
/// user's compilation references that package, so the NormGen runtime needs no reference to it.
/// </summary>
internal sealed partial class LayerEmitter
{
    private const string TensorGuard = "global::NormGen.Kernels.TensorGuard";

    private void EmitTensorSpanKernels(KernelDirection direction)
    {
        if (!_options.TensorSpans || _api.Layout.IsEmpty) return;
        string name = direction.ToString();
        bool forward = direction == KernelDirection.Forward;
        var args = Arguments(direction);
        var tensors = args.Where(_api.IsLayoutTensor).ToList();
        var reference = tensors[0];
        bool defaults = args.Where(a => a.Role == ArgumentRole.Hyper).All(a => a.Hyper!.Default is not null);
        foreach (var (t, storage) in PublicTypes)
        {
            string types = t == storage ? $"in {t}" : $"on {StorageName(storage)} tensors (float parameters and arithmetic)";
            _w.Line();
            _w.Line($"/// <summary>{name} {types} over tensor spans: the shape is <paramref name=\"{reference.Name}\"/>'s lengths; then as the span overload.</summary>");
            foreach (var a in args) ParamDoc(a.Name, ArgumentText(a, forward));
            ExceptionDoc(ArgumentException, $"A tensor's rank is not {_api.Layout.Length}, its lengths differ from <paramref name=\"{reference.Name}\"/>'s, or it is not dense row-major memory; or as the span overload.");
            _w.Line(GeneratedCode);
            _w.Line($"public static void {name}({string.Join(", ", args.Select(a => TensorParameter(a, t, storage, defaults)))})");
            using (_w.Block())
            {
                _w.Line("// Ranks, lengths and strides are checked before any memory is touched.");
                foreach (var a in tensors)
                    _w.Line($"{TensorGuard}.DenseRowMajor({a.Id}.Lengths, {a.Id}.Strides, {a.Id}.IsDense, {Literals.Int(_api.Layout.Length)}, \"{a.Name}\");");
                foreach (var a in tensors.Skip(1))
                    _w.Line($"{TensorGuard}.SameLengths({a.Id}.Lengths, {reference.Id}.Lengths, \"{a.Name}\", \"{reference.Name}\");");
                // The Shape constructor takes the axes in layout order; the tensor holds them in storage order.
                var sizes = Axes.Names.Select((axis, i) =>
                    $"{TensorGuard}.Size({reference.Id}.Lengths[{Literals.Int(_api.Layout.IndexOf(i))}], \"{axis}\", \"{reference.Name}\")");
                _w.Line($"var s = new Shape({string.Join(", ", sizes)});");
                var forwarded = args.Select(a => _api.IsLayoutTensor(a) ? AsSpan(a) : a.Id).ToList();
                _w.Line($"{name}(s,");
                _w.Indent();
                for (int i = 0; i < forwarded.Count; i++) _w.Line(forwarded[i] + (i < forwarded.Count - 1 ? "," : ");"));
                _w.Outdent();
            }
        }
    }

    /// <summary>A layout tensor is a (ReadOnly)TensorSpan of the storage type <paramref name="s"/>; every other argument as the span overload has it.</summary>
    private string TensorParameter(ApiArgument a, string t, string s, bool withDefault) =>
        !_api.IsLayoutTensor(a) ? Parameter(a, t, s, withDefault)
        : a.IsReadOnly ? $"global::System.Numerics.Tensors.ReadOnlyTensorSpan<{s}> {a.Id}"
        : $"global::System.Numerics.Tensors.TensorSpan<{s}> {a.Id}";

    /// <summary>The tensor's memory as a span: dense row-major, so its elements in order are the span overload's layout.</summary>
    private static string AsSpan(ApiArgument a)
    {
        string length = $"{TensorGuard}.Elements({a.Id}.FlattenedLength, \"{a.Name}\")";
        return a.IsReadOnly
            ? $"{Marshal}.CreateReadOnlySpan(in {a.Id}.GetPinnableReference(), {length})"
            : $"{Marshal}.CreateSpan(ref {a.Id}.GetPinnableReference(), {length})";
    }
}
