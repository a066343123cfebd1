using System.Reflection;
using System.Runtime.CompilerServices;
using NormGen.Kernels;
using NormGen.TestSupport;

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
        var (simd, vector) = KernelTypeArguments.DispatchWidth;
        // A kernel with streaming copies has both instantiations of __NT compiled: the ordinary one, which the dispatch
        // calls, and the streamed one, which that calls.
        Type[]? Choices(string parameter) => parameter == "__NT"
            ? [typeof(NonTemporal.Ordinary), typeof(NonTemporal.Streamed)]
            : KernelTypeArguments.Of(parameter, simd, vector) is { } type ? [type] : null;
        static IEnumerable<Type[]> Product(IEnumerable<Type[]> choices) => choices.Aggregate(
            (IEnumerable<Type[]>)[[]], (partial, next) => partial.SelectMany(p => next.Select(t => p.Append(t).ToArray())));
        return layers.Select(assembly => assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetMethodImplementationFlags().HasFlag(MethodImplAttributes.AggressiveOptimization)
                && m.IsGenericMethodDefinition && m.GetGenericArguments().All(a => Choices(a.Name) is not null))
            .Sum(m =>
            {
                var instantiations = Product(m.GetGenericArguments().Select(a => Choices(a.Name)!)).ToList();
                foreach (var instantiation in instantiations) RuntimeHelpers.PrepareMethod(m.MethodHandle, Handles(instantiation));
                return instantiations.Count;
            })).ToArray();
    }
}
