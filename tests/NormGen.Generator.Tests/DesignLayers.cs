namespace NormGen.Generator.Tests;

/// <summary>The layers of docs/language.md, verbatim: what users write and what every stage must handle.</summary>
internal static class DesignLayers
{
    private const string Header = """
        using NormGen;
        using static NormGen.Ops;

        namespace Samples;

        """;

    public const string LayerNorm = Header + """
        [NormLayer("n d")]                       // axes of the input x, in memory order (outermost first)
        public sealed partial class LayerNorm
        {
            [Formula]
            static Expr Forward(Expr x, [Param("d")] Expr gamma, [Param("d", Init = 0)] Expr beta, double eps = 1e-5)
                => gamma * (x - Mean(x, "d")) * Rsqrt(Var(x, "d") + eps) + beta;
        }
        """;

    public const string BatchNorm2d = Header + """
        [NormLayer("n c h w")]
        public sealed partial class BatchNorm2d
        {
            [Formula]
            static Expr Forward(Expr x, [Param("c")] Expr gamma, [Param("c", Init = 0)] Expr beta,
                                double eps = 1e-5, double momentum = 0.1)
            {
                var mean = Running(Mean(x, "n h w"), momentum);               // batch stat when training,
                var variance = Running(Var(x, "n h w"), momentum, unbiased: true); // running buffer in eval
                return gamma * (x - mean) * Rsqrt(variance + eps) + beta;
            }
        }
        """;

    public const string GroupNorm = Header + """
        [NormLayer("n (g c) h w")]               // einops-style grouping: channel axis split into g groups
        public sealed partial class GroupNorm
        {
            [Formula]                            // a parameter over "g c" is stored g-major: PyTorch's gamma[C]
            static Expr Forward(Expr x, [Param("g c")] Expr gamma, [Param("g c", Init = 0)] Expr beta, double eps = 1e-5)
                => gamma * (x - Mean(x, "c h w")) * Rsqrt(Var(x, "c h w") + eps) + beta;
        }
        """;

    public const string WeightNorm = Header + """
        [NormLayer("o i")]                       // WeightNorm: the input is the direction v
        public sealed partial class WeightNorm
        {
            [Formula]
            static Expr Forward(Expr v, [Param("o")] Expr g) => g * v * Rsqrt(Sum(v * v, "i"));
        }
        """;

    public const string CosineNorm = Header + """
        [NormLayer("n i", Output = "n o")]       // output axes differ from the input's
        public sealed partial class CosineNorm
        {
            [Formula]
            static Expr Forward(Expr x, [Param("o i")] Expr w)
                => Sum(x * w, "i") * Rsqrt(Sum(x * x, "i")) * Rsqrt(Sum(w * w, "i"));
        }
        """;

    public static IReadOnlyList<(string Name, string Source)> All { get; } =
    [
        (nameof(LayerNorm), LayerNorm),
        (nameof(BatchNorm2d), BatchNorm2d),
        (nameof(GroupNorm), GroupNorm),
        (nameof(WeightNorm), WeightNorm),
        (nameof(CosineNorm), CosineNorm),
    ];
}
