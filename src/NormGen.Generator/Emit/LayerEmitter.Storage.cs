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
        string name = storage == "global::System.Half" ? "Half" : "bfloat16";
        var stored = Arguments(direction).Where(a => a.IsStored).Select(a => a.Name);
        return $"with {name} {string.Join(", ", stored)} and float parameters, statistics and arithmetic (each stored value rounded once)";
    }

    /// <summary>The kernel arguments whose element type is <see cref="Identifiers.S"/>, as the kernel body names them.</summary>
    private System.Collections.Generic.HashSet<string> StoredIds(KernelPlan plan) =>
        new(KernelArguments(plan).Where(a => a.IsStored).Select(a => a.Id), System.StringComparer.Ordinal);
}
