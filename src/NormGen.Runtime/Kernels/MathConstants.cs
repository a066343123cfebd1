using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NormGen.Kernels;

// The vector constants of FloatMath's Exp (and Sigmoid), Log and Tanh as a value a generated kernel reads once before its
// loops (`__V.TanhConstants`) and passes to every call (`__V.Tanh(x, k)`). Why: in a large kernel the JIT does not keep
// a vector constant in a register across loop iterations; it reloads it from memory at each use (a vbroadcastss or a
// {1to16} memory operand), 13 loads per vector in DyT's forward besides its 3 data loads. Values read from a mutable
// static (Hoisted) are ordinary locals to the JIT, which it keeps in registers where the width has enough (32 at
// AVX-512). FloatMath's functions are written once over a constants source K: these structs, or FloatMath's literal
// ones (ExpLiteral, ...), whose properties are V.Splat(constant) as before, so the one-argument functions compile as
// they did (the JIT hoists those constants out of a small loop itself) and both forms compute the same bits.

/// <summary>The constants of <c>FloatMath.Exp</c> and <c>FloatMath.Sigmoid</c>: the source FloatMath reads them from.</summary>
internal interface IExpConstants<TV>
{
    TV Max { get; }
    TV Min { get; }
    TV SigmoidLimit { get; }
    TV Log2E { get; }
    TV Magic { get; }
    TV Ln2Hi { get; }
    TV Ln2Lo { get; }
    TV P0 { get; }
    TV P1 { get; }
    TV P2 { get; }
    TV P3 { get; }
    TV P4 { get; }
    TV One { get; }
}

/// <summary>The constants of <c>FloatMath.Exp</c> and <c>FloatMath.Sigmoid</c> as vectors, read once by a kernel (a width's <c>ExpConstants</c>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public struct ExpConstants<TV> : IExpConstants<TV>
{
    // Set field by field, not through a constructor: the JIT does not inline a constructor with this many vector
    // arguments, and the call copies every vector through the stack.
    private TV max, min, sigmoidLimit, log2E, magic, ln2Hi, ln2Lo, p0, p1, p2, p3, p4, one;

    internal static ExpConstants<TV> From<K>(in K source) where K : struct, IExpConstants<TV>
    {
        ExpConstants<TV> k;
        k.max = source.Max;
        k.min = source.Min;
        k.sigmoidLimit = source.SigmoidLimit;
        k.log2E = source.Log2E;
        k.magic = source.Magic;
        k.ln2Hi = source.Ln2Hi;
        k.ln2Lo = source.Ln2Lo;
        k.p0 = source.P0;
        k.p1 = source.P1;
        k.p2 = source.P2;
        k.p3 = source.P3;
        k.p4 = source.P4;
        k.one = source.One;
        return k;
    }

    TV IExpConstants<TV>.Max { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => max; }
    TV IExpConstants<TV>.Min { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => min; }
    TV IExpConstants<TV>.SigmoidLimit { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => sigmoidLimit; }
    TV IExpConstants<TV>.Log2E { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => log2E; }
    TV IExpConstants<TV>.Magic { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => magic; }
    TV IExpConstants<TV>.Ln2Hi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ln2Hi; }
    TV IExpConstants<TV>.Ln2Lo { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ln2Lo; }
    TV IExpConstants<TV>.P0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p0; }
    TV IExpConstants<TV>.P1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p1; }
    TV IExpConstants<TV>.P2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p2; }
    TV IExpConstants<TV>.P3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p3; }
    TV IExpConstants<TV>.P4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p4; }
    TV IExpConstants<TV>.One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => one; }
}

/// <summary>The constants of <c>FloatMath.Log</c>: the source FloatMath reads them from.</summary>
internal interface ILogConstants<TV>
{
    TV SmallestNormal { get; }
    TV TwoTo23 { get; }
    TV TwentyThree { get; }
    TV One { get; }
    TV P0 { get; }
    TV P1 { get; }
    TV P2 { get; }
    TV P3 { get; }
    TV P4 { get; }
    TV P5 { get; }
    TV P6 { get; }
    TV P7 { get; }
    TV P8 { get; }
    TV P9 { get; }
    TV Ln2Lo { get; }
    TV Ln2Hi { get; }
    TV Infinity { get; }
    TV NegativeInfinity { get; }
    TV NaN { get; }
}

/// <summary>The constants of <c>FloatMath.Log</c> as vectors, read once by a kernel (a width's <c>LogConstants</c>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public struct LogConstants<TV> : ILogConstants<TV>
{
    // Set field by field, not through a constructor: the JIT does not inline a constructor with this many vector
    // arguments, and the call copies every vector through the stack.
    private TV smallestNormal, twoTo23, twentyThree, one, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, ln2Lo, ln2Hi, infinity, negativeInfinity, naN;

    internal static LogConstants<TV> From<K>(in K source) where K : struct, ILogConstants<TV>
    {
        LogConstants<TV> k;
        k.smallestNormal = source.SmallestNormal;
        k.twoTo23 = source.TwoTo23;
        k.twentyThree = source.TwentyThree;
        k.one = source.One;
        k.p0 = source.P0;
        k.p1 = source.P1;
        k.p2 = source.P2;
        k.p3 = source.P3;
        k.p4 = source.P4;
        k.p5 = source.P5;
        k.p6 = source.P6;
        k.p7 = source.P7;
        k.p8 = source.P8;
        k.p9 = source.P9;
        k.ln2Lo = source.Ln2Lo;
        k.ln2Hi = source.Ln2Hi;
        k.infinity = source.Infinity;
        k.negativeInfinity = source.NegativeInfinity;
        k.naN = source.NaN;
        return k;
    }

    TV ILogConstants<TV>.SmallestNormal { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => smallestNormal; }
    TV ILogConstants<TV>.TwoTo23 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => twoTo23; }
    TV ILogConstants<TV>.TwentyThree { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => twentyThree; }
    TV ILogConstants<TV>.One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => one; }
    TV ILogConstants<TV>.P0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p0; }
    TV ILogConstants<TV>.P1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p1; }
    TV ILogConstants<TV>.P2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p2; }
    TV ILogConstants<TV>.P3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p3; }
    TV ILogConstants<TV>.P4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p4; }
    TV ILogConstants<TV>.P5 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p5; }
    TV ILogConstants<TV>.P6 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p6; }
    TV ILogConstants<TV>.P7 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p7; }
    TV ILogConstants<TV>.P8 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p8; }
    TV ILogConstants<TV>.P9 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => p9; }
    TV ILogConstants<TV>.Ln2Lo { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ln2Lo; }
    TV ILogConstants<TV>.Ln2Hi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ln2Hi; }
    TV ILogConstants<TV>.Infinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => infinity; }
    TV ILogConstants<TV>.NegativeInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => negativeInfinity; }
    TV ILogConstants<TV>.NaN { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => naN; }
}

/// <summary>The constants of <c>FloatMath.Tanh</c>: the source FloatMath reads them from.</summary>
internal interface ITanhConstants<TV>
{
    TV Saturation { get; }
    TV Log2E { get; }
    TV Magic { get; }
    TV Ln2Hi { get; }
    TV Ln2Lo { get; }
    TV Q0 { get; }
    TV Q1 { get; }
    TV Q2 { get; }
    TV Q3 { get; }
    TV Q4 { get; }
    TV Two { get; }
    TV One { get; }
    TV Bias { get; }
}

/// <summary>The constants of <c>FloatMath.Tanh</c> as vectors, read once by a kernel (a width's <c>TanhConstants</c>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // called by generated kernels; public for them, hidden from IntelliSense
public struct TanhConstants<TV> : ITanhConstants<TV>
{
    // Set field by field, not through a constructor: the JIT does not inline a constructor with this many vector
    // arguments, and the call copies every vector through the stack.
    private TV saturation, log2E, magic, ln2Hi, ln2Lo, q0, q1, q2, q3, q4, two, one, bias;

    internal static TanhConstants<TV> From<K>(in K source) where K : struct, ITanhConstants<TV>
    {
        TanhConstants<TV> k;
        k.saturation = source.Saturation;
        k.log2E = source.Log2E;
        k.magic = source.Magic;
        k.ln2Hi = source.Ln2Hi;
        k.ln2Lo = source.Ln2Lo;
        k.q0 = source.Q0;
        k.q1 = source.Q1;
        k.q2 = source.Q2;
        k.q3 = source.Q3;
        k.q4 = source.Q4;
        k.two = source.Two;
        k.one = source.One;
        k.bias = source.Bias;
        return k;
    }

    TV ITanhConstants<TV>.Saturation { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => saturation; }
    TV ITanhConstants<TV>.Log2E { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => log2E; }
    TV ITanhConstants<TV>.Magic { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => magic; }
    TV ITanhConstants<TV>.Ln2Hi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ln2Hi; }
    TV ITanhConstants<TV>.Ln2Lo { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => ln2Lo; }
    TV ITanhConstants<TV>.Q0 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => q0; }
    TV ITanhConstants<TV>.Q1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => q1; }
    TV ITanhConstants<TV>.Q2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => q2; }
    TV ITanhConstants<TV>.Q3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => q3; }
    TV ITanhConstants<TV>.Q4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => q4; }
    TV ITanhConstants<TV>.Two { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => two; }
    TV ITanhConstants<TV>.One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => one; }
    TV ITanhConstants<TV>.Bias { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => bias; }
}

/// <summary>
/// FloatMath's constants of one width as values the JIT cannot fold back into constants: mutable statics, copied into a
/// kernel's locals once per call (a readonly static of a struct type is read at JIT time and its fields become
/// constants again). Nothing writes them after the type initializer. That initializer leaves a class-initialization
/// check in a kernel compiled before it ran (KernelStaticsTests' concern), but at the kernel's first statement, where no
/// vector value is live yet: one compare per call, no spill (the DyT forward's disassembly, docs/benchmarks-dyt.md).
/// </summary>
internal static class Hoisted<V, TV> where V : struct, ISimd<TV, float>
{
    internal static ExpConstants<TV> Exp = ExpConstants<TV>.From(new FloatMath.ExpLiteral<V, TV>());
    internal static LogConstants<TV> Log = LogConstants<TV>.From(new FloatMath.LogLiteral<V, TV>());
    internal static TanhConstants<TV> Tanh = TanhConstants<TV>.From(new FloatMath.TanhLiteral<V, TV>());
}

/// <summary>Where every family's constants fit in registers next to a loop body's values.</summary>
internal static class Hoisted
{
    /// <summary>32 vector registers (x64 with AVX-512, which the JIT also uses for 128- and 256-bit vectors).</summary>
    internal static bool AllFit
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
    }
}
