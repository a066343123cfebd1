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
        // Type arguments by the kernels' type parameter names (the generator's Identifiers, SplitLoads and
        // StreamingStores): a kernel with streaming copies has both instantiations of __NT compiled, the ordinary one,
        // which the dispatch calls, and the streamed one, which that calls.
        var byName = new Dictionary<string, Type[]>
        {
            ["__T"] = [typeof(float)],
            ["__S"] = [typeof(float)],
            ["__V"] = [simd],
            ["__TV"] = [vector],
            ["__VL"] = [simd == typeof(Simd512<float>) ? typeof(Simd512SplitLoads<float>) : simd],
            ["__NT"] = [typeof(NonTemporal.Ordinary), typeof(NonTemporal.Streamed)],
        };
        static IEnumerable<Type[]> Product(IEnumerable<Type[]> choices) => choices.Aggregate(
            (IEnumerable<Type[]>)[[]], (partial, next) => partial.SelectMany(p => next.Select(t => p.Append(t).ToArray())));
        return layers.Select(assembly => assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetMethodImplementationFlags().HasFlag(MethodImplAttributes.AggressiveOptimization)
                && m.IsGenericMethodDefinition && m.GetGenericArguments().All(a => byName.ContainsKey(a.Name)))
            .Sum(m =>
            {
                var instantiations = Product(m.GetGenericArguments().Select(a => byName[a.Name])).ToList();
                foreach (var instantiation in instantiations) RuntimeHelpers.PrepareMethod(m.MethodHandle, Handles(instantiation));
                return instantiations.Count;
            })).ToArray();
    }
}
