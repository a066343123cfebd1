using System.Reflection;
using System.Runtime.CompilerServices;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Fast from the first call (docs/benchmarks.md, "First calls"): every generated kernel, the generic method that runs
/// the loops for one vector width, is marked <see cref="MethodImplOptions.AggressiveOptimization"/>, so the JIT compiles
/// it fully optimized on its first call instead of running it as tier-0 and on-stack-replaced code for ~30 calls.
/// Checked on the compiled metadata of every layer this assembly declares, which is what the JIT reads.
/// </summary>
public sealed class FirstCallTests
{
    private static readonly Type[] Layers = typeof(FirstCallTests).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<NormLayerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The methods generic over an ISimd implementation: the kernels, whatever their names.</summary>
    private static IEnumerable<MethodInfo> Kernels(Type layer) =>
        layer.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.IsGenericMethodDefinition && m.GetGenericArguments().Any(a => a.GetGenericParameterConstraints()
                .Any(c => c.IsGenericType && c.GetGenericTypeDefinition() == typeof(ISimd<,>))));

    [Fact]
    public void Every_layer_of_this_assembly_has_kernels_to_check()
    {
        Assert.True(Layers.Length >= 20, $"only {Layers.Length} [NormLayer] types found");
        Assert.All(Layers, layer => Assert.True(Kernels(layer).Count() >= 2, $"{layer.FullName}: fewer than a forward and a backward kernel"));
    }

    [Fact]
    public void Every_generated_kernel_is_compiled_fully_optimized_from_its_first_call()
    {
        var tiered = Layers.SelectMany(Kernels)
            .Where(m => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0)
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();
        Assert.Empty(tiered);
    }

    [Fact]
    public void The_runtime_loops_every_split_backward_runs_are_compiled_fully_optimized_too()
    {
        var loops = new[]
        {
            typeof(PartialSums<float>).GetMethod(nameof(PartialSums<float>.Clear))!,
            typeof(PartialSums<float>).GetMethod(nameof(PartialSums<float>.AddChunksTo))!,
            typeof(Threading).GetMethod("Add", BindingFlags.NonPublic | BindingFlags.Static)!,
        };
        Assert.All(loops, m => Assert.NotEqual((MethodImplAttributes)0, m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization));
    }
}
