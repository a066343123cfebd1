using System.Reflection;
using System.Runtime.CompilerServices;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Every member the generated kernels' vector loops reach (the ISimd widths and the internal math and storage helpers
/// behind them) is marked AggressiveInlining. A generated kernel is one large method: once the JIT's inlining budget is
/// spent, a helper without the attribute stays a call inside the loop, and a call spills every live vector register
/// (SysV keeps none across calls). That happened to FloatMath's Ln2Hi/Ln2Lo getters in DyT's forward (docs/benchmarks.md
/// Notes, "Fused add+RMSNorm backward and DyT"): twice the time per row. Methods whose name starts with Throw are
/// exempt. Scalar&lt;T&gt; (a row's tail, one element at a time) is not held to it.
/// </summary>
public sealed class KernelInliningTests
{
    private static readonly Assembly Runtime = typeof(Scalar<float>).Assembly;

    public static TheoryData<string> KernelTypes => new()
    {
        "NormGen.Kernels.FloatMath", "NormGen.Kernels.SimdMath", "NormGen.Kernels.StorageMath",
        "NormGen.Kernels.Simd512`1", "NormGen.Kernels.Simd256`1", "NormGen.Kernels.Simd128`1",
    };

    [Theory]
    [MemberData(nameof(KernelTypes))]
    public void Every_member_a_kernel_loop_calls_is_aggressively_inlined(string typeName)
    {
        var type = Runtime.GetType(typeName, throwOnError: true)!;
        var notInlined = type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsAbstract && m.DeclaringType == type && !IsCompilerGenerated(m))
            .Where(m => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveInlining) == 0)
            .Select(m => m.Name)
            .Where(name => !name.StartsWith("Throw", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(notInlined.Length == 0, $"{type.Name}: not AggressiveInlining: {string.Join(", ", notInlined)}");
    }

    private static bool IsCompilerGenerated(MethodInfo m) =>
        m.GetCustomAttribute<CompilerGeneratedAttribute>() is not null && !m.IsSpecialName || m.Name.Contains('<', StringComparison.Ordinal);
}
