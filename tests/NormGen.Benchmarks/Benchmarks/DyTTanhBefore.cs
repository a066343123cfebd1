using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// The float Tanh NormGen's runtime had until 2026-11-30 (FloatMath.Tanh then: a degree-4 polynomial in x^2 below
/// |x| = 0.625, (1 - E) / (1 + E) with E = e^-2|x| above, both computed and one selected; 1.51 ulp), kept verbatim so
/// <c>--interleaved dyt</c> compares the current Tanh with it in one process.
/// </summary>
internal static class DyTTanhBefore
{
    private static bool Fused
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var a = V.Abs(x);
        var one = V.Splat(1f);
        var e = Exp<V, TV>(V.Multiply(V.Min(a, V.Splat(9.5f)), V.Splat(-2f)));
        var large = V.Divide(V.Subtract(one, e), V.Add(one, e));

        var a2 = V.Multiply(a, a);
        var p = V.MultiplyAdd(V.Splat(-0.006217512302100658f), a2, V.Splat(0.021109620109200478f));
        p = V.MultiplyAdd(p, a2, V.Splat(-0.05388331413269043f));
        p = V.MultiplyAdd(p, a2, V.Splat(0.1333305835723877f));
        p = V.MultiplyAdd(p, a2, V.Splat(-0.3333333134651184f));
        var small = V.MultiplyAdd(V.Multiply(a, a2), p, a);

        return V.CopySign(V.Select(V.LessThan(a, V.Splat(0.625f)), small, large), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var magic = V.Splat(12582912f);
        var k = V.Subtract(V.MultiplyAdd(x, V.Splat(1.44269504088896341f), magic), magic);
        var r = V.NegatedMultiplyAdd(k, V.Splat(Fused ? 0.693147182464599609375f : 0.693359375f), x);
        r = V.NegatedMultiplyAdd(k, V.Splat(Fused ? -1.9046542999577e-9f : -2.12194440e-4f), r);
        var p = V.MultiplyAdd(V.Splat(0.001381461275741458f), r, V.Splat(0.008368710055947304f));
        p = V.MultiplyAdd(p, r, V.Splat(0.04166838899254799f));
        p = V.MultiplyAdd(p, r, V.Splat(0.1666652113199234f));
        p = V.MultiplyAdd(p, r, V.Splat(0.4999999403953552f));
        var one = V.Splat(1f);
        p = V.MultiplyAdd(p, r, one);
        p = V.MultiplyAdd(p, r, one);
        return V.ScaleByPowerOfTwo(p, k);
    }
}
