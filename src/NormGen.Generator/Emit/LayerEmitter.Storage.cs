using System.Linq;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;

namespace NormGen.Generator.Emit;

/// <summary>
/// The mixed-precision overloads (docs/precision.md): the inputs, the output and their gradients stored as
/// <c>System.Half</c> or <c>NormGen.BFloat16</c>, everything else (parameters, their gradients, running buffers,
/// Saved, hyper-parameters) and all arithmetic in float. They run the same generated kernels as float and double:
/// the kernels take the storage type as <see cref="Identifiers.S"/> and widen on load, narrow on store.
/// </summary>
internal sealed partial class LayerEmitter
{
    /// <summary>The public kernels' (compute, storage) types, in the order they are written.</summary>
    private static readonly (string T, string S)[] PublicTypes =
    {
        ("float", "float"),
        ("double", "double"),
        ("float", "global::System.Half"),
        ("float", "global::NormGen.BFloat16"),
    };

    /// <summary>"with Half x, y and float arithmetic": which arguments a mixed-precision overload stores narrow.</summary>
    private string StoredTypesDoc(string storage, KernelDirection direction)
    {
        string name = StorageName(storage);
        var stored = Arguments(direction).Where(a => a.IsStored).Select(a => a.Name);
        return $"with {name} {string.Join(", ", stored)} and float parameters, statistics and arithmetic (each stored value rounded once)";
    }

    /// <summary>The kernel arguments whose element type is <see cref="Identifiers.S"/>, as the kernel body names them.</summary>
    private System.Collections.Generic.HashSet<string> StoredIds(KernelPlan plan) =>
        new(KernelArguments(plan).Where(a => a.IsStored).Select(a => a.Id), System.StringComparer.Ordinal);

    /// <summary>The stateful layer's element types: float (code 0), then the storage types, each with its own inputs and Saved.</summary>
    private static readonly (string Element, string Tag, int Code)[] StatefulElements =
    {
        ("float", "", 0),
        ("global::System.Half", "Half", 1),
        ("global::NormGen.BFloat16", "BFloat16", 2),
    };

    private static System.Collections.Generic.IEnumerable<(string Type, string Tag)> StatefulStorage =>
        StatefulElements.Skip(1).Select(e => (e.Element, e.Tag));

    /// <summary>Which element type the stateful layer's last Forward took (a StatefulElements code; -1: none yet), checked by Backward.</summary>
    private static readonly string LastStorage = Identifiers.Generated("lastStorage");

    /// <summary>"Half", "bfloat16" or "float", as the docs name the element types.</summary>
    private static string StorageName(string element) =>
        element == "global::System.Half" ? "Half" : element == "global::NormGen.BFloat16" ? "bfloat16" : "float";
}
