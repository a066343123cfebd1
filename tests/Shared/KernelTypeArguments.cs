using System.Runtime.Intrinsics;
using NormGen.Kernels;

namespace NormGen.TestSupport;

/// <summary>
/// The type arguments of a generated kernel (a private <c>__...Kernel</c> method) for float data, by the names the
/// generator gives its type parameters (Identifiers, Loops/SplitLoads.cs, Loops/StreamingStores.cs), for the harnesses
/// that compile or call kernels by reflection. By name rather than position, so that a parameter the generator adds
/// fails loudly instead of shifting the others.
/// </summary>
internal static class KernelTypeArguments
{
    /// <summary>The vector ops and vector type the generated dispatch picks on this machine: the widest accelerated.</summary>
    public static (Type Simd, Type Vector) DispatchWidth { get; } =
        Vector512.IsHardwareAccelerated ? (typeof(Simd512<float>), typeof(Vector512<float>))
        : Vector256.IsHardwareAccelerated ? (typeof(Simd256<float>), typeof(Vector256<float>))
        : Vector128.IsHardwareAccelerated ? (typeof(Simd128<float>), typeof(Vector128<float>))
        : (typeof(Scalar<float>), typeof(float));

    /// <summary>
    /// The argument for <paramref name="parameter"/> at the width <paramref name="simd"/>, <paramref name="vector"/>;
    /// null for <c>__NT</c> (which instantiation, ordinary or streamed, is the caller's choice) and for unknown names.
    /// </summary>
    public static Type? Of(string parameter, Type simd, Type vector) => parameter switch
    {
        "__T" or "__S" => typeof(float),
        "__V" => simd,
        "__TV" => vector,
        // The dispatcher's load ops: split 512-bit loads with Vector512, the kernel's own ops otherwise.
        "__VL" => simd == typeof(Simd512<float>) ? typeof(Simd512SplitLoads<float>) : simd,
        _ => null,
    };
}
