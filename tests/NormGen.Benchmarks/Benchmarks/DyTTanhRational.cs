using System.Runtime.CompilerServices;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Infrastructure;

/// <summary>
/// A Tanh that NormGen measured and did not adopt: x P(x^2) / Q(x^2), a degree-(9, 8) rational minimax fit on [0, 9]
/// (relative error 2.1e-8 before rounding), clamped at 9. 15 AVX-512 instructions against FloatMath.Tanh's 22 (29
/// before its e^t - 1 form), but the roundings of P and Q (values up to ~300 near |x| = 6..9, where the result's ulp is
/// 2^-24) add up to 4.2-5.4 ulp on a float emulation, past issue 14's 4-ulp limit. Kept for <c>--interleaved dyt</c>:
/// the speed a Tanh at this operation count would give.
/// </summary>
internal static class DyTTanhRational
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<V, TV>(TV x) where V : struct, ISimd<TV, float>
    {
        var a = V.Abs(x);
        var limit = V.Splat(9f);
        a = V.Select(V.LessThan(limit, a), limit, a);
        var s = V.Multiply(a, a);
        var p = V.MultiplyAdd(V.Splat(1.3354654271324762e-08f), s, V.Splat(2.060907536360901e-05f));
        p = V.MultiplyAdd(p, s, V.Splat(0.003495587734505534f));
        p = V.MultiplyAdd(p, s, V.Splat(0.13381025195121765f));
        var n = V.MultiplyAdd(V.Multiply(a, s), p, a);
        var q = V.MultiplyAdd(V.Splat(7.776554866723018e-07f), s, V.Splat(0.000328563415678218f));
        q = V.MultiplyAdd(q, s, V.Splat(0.025876980274915695f));
        q = V.MultiplyAdd(q, s, V.Splat(0.4671434164047241f));
        q = V.MultiplyAdd(q, s, V.Splat(1f));
        return V.CopySign(V.Divide(n, q), x);
    }
}
