using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers whose names once broke the user's build with C# errors inside the generated code (issue 9, item 2);
// NameTests.cs checks that they compute what the interpreter does.

/// <summary>Names the generated code used for itself: the type parameter T, the locals j, r1, outer, chunks, t.</summary>
[NormLayer("n d")]
public sealed partial class NamesLikeGeneratedLocals
{
    [Formula]
    static Expr Forward(Expr x, [Param("d")] Expr j, [Param("d", Init = 0)] Expr outer, double T = 1.5, double chunks = 1e-5)
    {
        var r1 = x - Mean(x, "d");
        var t = Rsqrt(Mean(r1 * r1, "d") + chunks);
        return j * r1 * t / T + outer;
    }
}

/// <summary>C# keywords as axis and parameter names, and an input named dx beside the gradient of another.</summary>
[NormLayer("n in")]
public sealed partial class KeywordNames
{
    [Formula]
    static Expr Forward(Expr @in, Expr dx, [Param("in")] Expr @out, double @fixed = 1e-5)
        => @out * (@in - Mean(@in, "in")) * Rsqrt(Var(@in, "in") + @fixed) + dx * Mean(@in, "in");
}

/// <summary>Axis sets {ab, c} and {a, bc}, whose names concatenate alike, and axis names with underscores.</summary>
[NormLayer("a ab bc c_")]
public sealed partial class ConcatenatingAxes
{
    [Formula]
    static Expr Forward(Expr x, [Param("ab c_")] Expr p, [Param("a bc")] Expr q)
        => p * x / Sqrt(Mean(x * x, "ab c_") + 1) + q * Sum(x, "ab");
}

public static class NameKernels
{
    public static readonly LayerKernels NamesLikeGeneratedLocals = new(typeof(NamesLikeGeneratedLocals));

    public static readonly LayerKernels KeywordNames = new(typeof(KeywordNames));

    public static readonly LayerKernels ConcatenatingAxes = new(typeof(ConcatenatingAxes));
}
