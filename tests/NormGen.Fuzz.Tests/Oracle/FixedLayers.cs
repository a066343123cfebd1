using NormGen.Fuzz.Tests.Model;

namespace NormGen.Fuzz.Tests.Oracle;

/// <summary>A formula written out as text: fixed layers are copied from a campaign's report, not regenerated.</summary>
public sealed record Verbatim(string Text) : Node
{
    public override string Render() => Text;
    public override IReadOnlyList<Node> Children => [];
    public override Node With(IReadOnlyList<Node> children) => this;
}

/// <summary>
/// The minimal layers the 10,000-layer campaign of seed 777001 printed for its five floating-point artefacts
/// (docs/fuzzing.md), with their sizes and data seeds: results a correct compiler cannot do better on, which the
/// oracle must classify as not-a-bug from the formula's own conditioning and range.
/// </summary>
public static class FixedLayers
{
    public static FuzzLayer Layer(string layout, TensorDecl[] tensors, string formula, (string Axis, int Size)[] sizes, int dataSeed,
                                  string? output = null, string? specialize = null, HyperDecl[]? hypers = null) =>
        new(Layout: layout.Replace('(', ' ').Replace(')', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => (IReadOnlyList<string>)[a]).ToArray(),
            Tensors: tensors, Hypers: hypers ?? [], Locals: [], Result: new Verbatim(formula),
            Output: output?.Split(' '), Specialize: specialize,
            Sizes: sizes.ToDictionary(s => s.Axis, s => s.Size, StringComparer.Ordinal), Training: true, DataSeed: dataSeed,
            LayoutText: layout);

    /// <summary>
    /// float64, replay 323827342:7: with g = 1, u - Mean(u) is 0 exactly, so du is 0; the kernels compute it as two
    /// equal products of ~5e9 (eps^-1.5 times rstd) subtracted with an FMA, whose rounding (5e-7) is not 0.
    /// </summary>
    public static FuzzLayer FmaCancellation => Layer("g (T c)", [new("u")],
        "Rsqrt(((u - Mean(u, \"g\")) * Rsqrt(Var(u, \"g\") + 1e-5)) + 1e-5)", [("g", 1), ("T", 4), ("c", 1)], 281937555);

    /// <summary>float32, replay 153519506:7: y is a Sum of centred values, 0 analytically, times rstd up to 316.</summary>
    public static FuzzLayer CentredSum => Layer("a_b a (b_c b)", [new("p")],
        "Sum((Square(Sigmoid(Pow(Abs(p) + 0.5, 0.5))) - Mean(Square(Sigmoid(Pow(Abs(p) + 0.5, 0.5))), \"a_b\")) * Rsqrt(Var(Pow(Abs(p), 0.5), \"a_b\") + 1e-5), \"a_b b_c\")",
        [("a_b", 2), ("a", 12), ("b_c", 4), ("b", 5)], 713521684, output: "a b", specialize: "a=48",
        hypers: [new("eps", 0.5, 0.5), new("temperature", 0.001, 0.001)]);

    /// <summary>float32, replay 599599525:9: Exp(Square((z + 3)^1.5)) reaches 1e54, inf in float32; Sigmoid's gradient is then 0 x inf.</summary>
    public static FuzzLayer SigmoidOfOverflow => Layer("class", [new("z")],
        "Sigmoid(Exp(Square(Pow(z + 3.0, 1.5))))", [("class", 1)], 202666849, output: "class");

    /// <summary>float32, replay 1354405267:8: dweight is 0 analytically (a normalization over "var" of values whose Var(weight) is shared).</summary>
    public static FuzzLayer NormalizedParameter => Layer("f (i0 var) c",
        [new("scale"), new("z", ["i0", "var"]), new("weight", ["var"])],
        "(Sum(Var(weight, \"var\") + (Mean((Pow(Tanh(scale + scale), 4.0) - Mean(Pow(Tanh(scale + scale), 4.0), \"f\")) * Var(scale, \"f\"), \"f var\") * scale), \"f i0\") - Mean(Sum(Var(weight, \"var\") + ((Mean((Pow(Tanh(scale + scale), 4.0) - Mean(Pow(Tanh(scale + scale), 4.0), \"f\")) * Rsqrt(Var(Pow(Tanh(scale + scale), 4.0), \"f\") + 2), \"f var\") * scale) * Var(z, \"var\")), \"f i0\"), \"var\")) * Rsqrt(Var(Sum(Var(weight, \"var\") + ((Mean((Pow(Tanh(scale + scale), 4.0) - Mean(Pow(Tanh(scale + scale), 4.0), \"f\")) * Rsqrt(Var(Pow(Tanh(scale + scale), 4.0), \"f\") + 2), \"f var\") * scale) * Var(z, \"var\")), \"f i0\"), \"var\") + 1e-5)",
        [("f", 2), ("i0", 2), ("var", 2), ("c", 2)], 1269816636, output: "c var");

    /// <summary>float32, replay 1344691821:10: dv is 0 analytically (v only enters through values centred over "b_c").</summary>
    public static FuzzLayer CentredParameter => Layer("a_b a b_c b",
        [new("weight"), new("v", ["b_c", "b"], Init: -1.0), new("w", ["a_b", "a", "b"], Init: 2.0)],
        "Sum(Pow((((weight - Mean(weight, \"b_c\")) - Mean(Tanh((weight - Mean(weight, \"b_c\")) * (Var(weight, \"b_c\") + 0.5)), \"a_b\")) * (Var(Tanh((weight - Mean(weight, \"b_c\")) * Rsqrt(Var(weight, \"b_c\") + 0.5)), \"a_b\") + 1.0)) - (((Minimum(w, 0.5) / (Square(v) + 0.25)) - Mean(Minimum(w, 0.5) / (Square(v) + 0.25), \"b_c\")) * Rsqrt(Var(Minimum(w, 0.5) / (Square(v) + 0.25), \"b_c\") + 1.0)), 3), \"b_c\")",
        [("a_b", 8), ("a", 2), ("b_c", 2), ("b", 5)], 556031917, output: "a_b a b", specialize: "a_b=8; a_b=16");

    /// <summary>A LayerNorm with an affine parameter: well conditioned, every gradient path matters.</summary>
    public static FuzzLayer LayerNorm => Layer("n d", [new("x"), new("gamma", ["d"])],
        "(x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1e-5) * gamma", [("n", 3), ("d", 5)], 12345);
}
