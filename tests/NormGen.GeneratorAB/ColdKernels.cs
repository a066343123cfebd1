using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NormGen.Kernels;

/// <summary>
/// Compiles every generated kernel of the given layer assemblies before anything in the process has run, the state a
/// fresh process (BenchmarkDotNet's, a user's) compiles them in. The kernels are AggressiveOptimization: compiled once,
/// at their first call, and never recompiled, so their machine code depends on what ran before that call. A runtime
/// class that still needed initializing then left a helper call in the kernel, across which the JIT spilled the row
/// loop's vectors; in an A/B where the harness, or the other variant's first call, had already initialized it, the
/// kernel measured fine while BenchmarkDotNet measured it 1.8x slower (docs/statistics.md, "Prefetch and streaming
/// stores"). Compiling both variants here, before either runs, gives both that cold state.
/// </summary>
internal static class ColdKernels
{
    private static RuntimeTypeHandle[] Handles(IEnumerable<Type> types) => types.Select(t => t.TypeHandle).ToArray();

    /// <summary>Prepares the float kernels at the vector width the generated dispatch picks; returns how many instantiations per assembly.</summary>
    public static int[] Compile(params Assembly[] layers)
    {
        (Type simd, Type vector) = Vector512.IsHardwareAccelerated ? (typeof(Simd512<float>), typeof(Vector512<float>))
            : Vector256.IsHardwareAccelerated ? (typeof(Simd256<float>), typeof(Vector256<float>))
            : Vector128.IsHardwareAccelerated ? (typeof(Simd128<float>), typeof(Vector128<float>))
            : (typeof(Scalar<float>), typeof(float));
        var common = new[] { typeof(float), typeof(float), simd, vector };
        // A kernel with streaming copies takes a fifth type argument (docs/statistics.md, "Prefetch and streaming
        // stores"): its ordinary instantiation, which the dispatch calls, and the streamed one, which that calls.
        var instantiations = new Dictionary<int, RuntimeTypeHandle[][]>
        {
            [4] = new[] { Handles(common) },
            [5] = new[] { Handles(common.Append(typeof(NonTemporal.Ordinary))), Handles(common.Append(typeof(NonTemporal.Streamed))) },
        };
        return layers.Select(assembly => assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetMethodImplementationFlags().HasFlag(MethodImplAttributes.AggressiveOptimization)
                && m.IsGenericMethodDefinition && instantiations.ContainsKey(m.GetGenericArguments().Length))
            .Sum(m =>
            {
                foreach (var instantiation in instantiations[m.GetGenericArguments().Length]) RuntimeHelpers.PrepareMethod(m.MethodHandle, instantiation);
                return instantiations[m.GetGenericArguments().Length].Length;
            })).ToArray();
    }
}
