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
    public static readonly LayerKernels Max = CustomKernels.Row(typeof(TieMax), (n, d) => new TieMax.Shape(n, d), s => new TieMax.Saved<double>(s), s => new TieMax.Saved<float>(s),
        Kernels.TieMax.Forward, Kernels.TieMax.Backward, Kernels.TieMax.Forward, Kernels.TieMax.Backward);
    public static readonly LayerKernels Min = CustomKernels.Row(typeof(TieMin), (n, d) => new TieMin.Shape(n, d), s => new TieMin.Saved<double>(s), s => new TieMin.Saved<float>(s),
        Kernels.TieMin.Forward, Kernels.TieMin.Backward, Kernels.TieMin.Forward, Kernels.TieMin.Backward);
    public static readonly LayerKernels Maximum = CustomKernels.Row(typeof(TieMaximum), (n, d) => new TieMaximum.Shape(n, d), s => new TieMaximum.Saved<double>(s), s => new TieMaximum.Saved<float>(s),
        Kernels.TieMaximum.Forward, Kernels.TieMaximum.Backward, Kernels.TieMaximum.Forward, Kernels.TieMaximum.Backward);
    public static readonly LayerKernels Minimum = CustomKernels.Row(typeof(TieMinimum), (n, d) => new TieMinimum.Shape(n, d), s => new TieMinimum.Saved<double>(s), s => new TieMinimum.Saved<float>(s),
        Kernels.TieMinimum.Forward, Kernels.TieMinimum.Backward, Kernels.TieMinimum.Forward, Kernels.TieMinimum.Backward);
    public static readonly LayerKernels MaximumSelf = CustomKernels.Row(typeof(TieMaximumSelf), (n, d) => new TieMaximumSelf.Shape(n, d), s => new TieMaximumSelf.Saved<double>(s), s => new TieMaximumSelf.Saved<float>(s),
        Kernels.TieMaximumSelf.Forward, Kernels.TieMaximumSelf.Backward, Kernels.TieMaximumSelf.Forward, Kernels.TieMaximumSelf.Backward);
    public static readonly LayerKernels MaximumConstant = CustomKernels.Row(typeof(TieMaximumConstant), (n, d) => new TieMaximumConstant.Shape(n, d), s => new TieMaximumConstant.Saved<double>(s), s => new TieMaximumConstant.Saved<float>(s),
        Kernels.TieMaximumConstant.Forward, Kernels.TieMaximumConstant.Backward, Kernels.TieMaximumConstant.Forward, Kernels.TieMaximumConstant.Backward);
    public static readonly LayerKernels NestedMax = CustomKernels.Row(typeof(TieNestedMax), (n, d) => new TieNestedMax.Shape(n, d), s => new TieNestedMax.Saved<double>(s), s => new TieNestedMax.Saved<float>(s),
        Kernels.TieNestedMax.Forward, Kernels.TieNestedMax.Backward, Kernels.TieNestedMax.Forward, Kernels.TieNestedMax.Backward);
}
