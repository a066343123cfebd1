using static NormGen.Ops;

namespace NormGen.Tests.Kernels;

// Layers whose gradients depend only on how ties are split (TieTests): Max/Min reductions and Maximum/Minimum,
// all with Forward(x over "n d", a over "d") so they reuse CustomKernels.Row.

[NormLayer("n d", Output = "n")] public sealed partial class TieMax { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Max(a * x, "d"); }
[NormLayer("n d", Output = "n")] public sealed partial class TieMin { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Min(a * x, "d"); }
[NormLayer("n d")] public sealed partial class TieMaximum { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Maximum(x, a); }
[NormLayer("n d")] public sealed partial class TieMinimum { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Minimum(x, a); }
[NormLayer("n d")] public sealed partial class TieMaximumSelf { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Maximum(x, x) * a; }
[NormLayer("n d")] public sealed partial class TieMaximumConstant { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => Maximum(x, 0.5) * a; }
/// <summary>A Max of a Max: each reduction splits its own ties, so the two may not be merged into one Max over "n d".</summary>
[NormLayer("n d")] public sealed partial class TieNestedMax { [Formula] static Expr Forward(Expr x, [Param("d")] Expr a) => x - Max(Max(a * x, "d"), "n"); }

public static class TieKernels
{
    public static readonly LayerKernels Max = new(typeof(TieMax));
    public static readonly LayerKernels Min = new(typeof(TieMin));
    public static readonly LayerKernels Maximum = new(typeof(TieMaximum));
    public static readonly LayerKernels Minimum = new(typeof(TieMinimum));
    public static readonly LayerKernels MaximumSelf = new(typeof(TieMaximumSelf));
    public static readonly LayerKernels MaximumConstant = new(typeof(TieMaximumConstant));
    public static readonly LayerKernels NestedMax = new(typeof(TieNestedMax));
}
