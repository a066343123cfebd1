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
/// The minimal layers the campaigns printed for their floating-point artefacts (docs/fuzzing.md: five of the
/// 10,000-layer campaign of seed 777001, bugs 13 and 14), with their sizes and data seeds: results a correct compiler cannot do better on, which the
/// oracle must classify as not-a-bug from the formula's own conditioning and range.
/// </summary>
public static class FixedLayers
{
    /// <summary>The static <see cref="FuzzLayer"/> property <paramref name="name"/> of <paramref name="owner"/>, public or not (a theory's data names it).</summary>
    public static FuzzLayer Named(System.Type owner, string name) =>
        (FuzzLayer)owner.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

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

    /// <summary>
    /// float32, bug 14 (seed 777001, replay 623990668:4): every x_1 exceeds Min(scale), so the Minimum is that minimum
    /// everywhere and dscale is 0 exactly; the kernel sums 8 copies of -1.8363178f to a mean one ulp below it, and
    /// Sum(min - mean) = 9.5e-7 times dy·x_1 / (N sqrt(V)) gives dscale[1] = 8.7e-5.
    /// </summary>
    public static FuzzLayer VarianceOfAMinimum => Layer("a_b a", [new("x_1"), new("scale", ["a_b"])],
        "Sqrt(Var(Minimum(x_1, Min(scale, \"a_b\")), \"a a_b\") + V) * x_1", [("a_b", 4), ("a", 2)], 696445929,
        hypers: [new("V", 1e-5, 1e-5)]);

    /// <summary>
    /// float64, bug 13 (seed 3000777, replay 135113834:10, which draws another layer since the fuzzer draws Softplus;
    /// sizes and data seed chosen here to fail as it did): a Var over one value (x = 1), so dbias is 0 exactly. The
    /// kernel centres bias + mean on a Var mean it computed as (Sum(bias, "x") + N(x) * Sum(bias, "k x") / N(k x)) / N(x),
    /// a rounding residue of ~1e-16, times rstd^3 = 3.2e7: dbias ~ 9e-9 of a 1e-3 floor.
    /// </summary>
    public static FuzzLayer VarianceOfOneValue => Layer("k x e", [new("bias")],
        "Rsqrt(Var(bias + Mean(bias, \"k x\"), \"x\") + dx)", [("k", 2), ("x", 1), ("e", 3)], 2, output: "e k",
        hypers: [new("dx", 1e-5, 1e-5)]);

    /// <summary>
    /// float64, the campaign of seed 913077 (replay 1540498392:9): a Var over one value (class = 1)
    /// of values centred by a Mean, so dk is 0 exactly. The simplifier cancels the shift (Var(Square(k) - Mean(...)) is
    /// Var(Square(k))) and the kernel computes dk = -4 s1 (k^2 - mean) k / (N stat^2), the residue k^2 - mean times
    /// 1 / stat^2 = 1e10, where the interpreter's gradient through the shift cancels it exactly.
    /// </summary>
    public static FuzzLayer ShiftedVarianceOfOneValue => Layer("class", [new("k"), new("beta", ["class"])],
        "beta / (Var(Square(k) - Mean(Square(k), \"class\"), \"class\") + 1e-5)", [("class", 1)], 982126396);

    /// <summary>
    /// float64, bug 16 (seed 301130, replay 677459154:10): with k = 1, Tanh(s) - Mean(Tanh(s), "k") is 0 for every s,
    /// so y and every gradient are 0 exactly. The kernel's gradient through the centring cancels its direct path, two
    /// products of the same four factors (rstd4 · 1e16 · rstd · dy, 1.5e18) rounded in another order: dscale = 85.
    /// The centred-Var probe alone undercounted it (see Problem.Spread).
    /// </summary>
    public static FuzzLayer ScaledCentringOfOneValue => Layer("k", [new("scale"), new("x", [], Init: 0.5)],
        "(((Pow(scale, 3) * x) - (Pow(scale, 3) * x)) - Mean(((Tanh(Pow(scale, 3) * x) - Mean(Tanh(Pow(scale, 3) * x), \" k \")) * Rsqrt(Var(scale, \"k\") + 2)) * Maximum(Pow(Pow(10, 4.0), 4.0), ((Pow(Minimum(0.5, Mean(scale, \"k\")) + scale, 4.0) / (Square(scale) + 1.0)) - Mean(Pow(Minimum(0.5, Mean(scale, \"k\")) + scale, 4.0) / (Square(scale) + 1.0), \" k \")) * Rsqrt(Var(Pow(Minimum(0.5, Mean(scale, \"k\")) + scale, 4.0) / (Square(scale) + 1.0), \"k\") + 1e-5)), \"k\")) * Rsqrt(Var(((Tanh(Pow(scale, 3) * x) - Mean(Tanh(Pow(scale, 3) * x), \" k \")) * Rsqrt(Var(Tanh(Pow(scale, 3) * x), \"k\") + 2)) * Maximum(Pow(Pow(10, 4.0), 4.0), ((Pow(Minimum(0.5, Mean(scale, \"k\")) + scale, 4.0) / (Square(scale) + 1.0)) - Mean(Pow(Minimum(0.5, Mean(scale, \"k\")) + scale, 4.0) / (Square(scale) + 1.0), \" k \")) * Rsqrt(Var(Pow(Minimum(0.5, Mean(scale, \"k\")) + scale, 4.0) / (Square(scale) + 1.0), \"k\") + 1e-5)), \"k\") + 1e-5)", [("k", 1)], 2048870083);

    /// <summary>
    /// float32, bug 17 (seed 1530004, replay 667367070:5, the shrunk layer): with t = 1, n - Mean(n, "t") is 0, so the
    /// Var over "w t" is 0, y = beta / 2 and dbeta = dy / 2 exactly. The kernel computes n - Mean(n, "t") as
    /// MultiplyAdd(rstd, centred, -n rounded), the product's rounding residue, and the Var's backward has no path
    /// through Mean(n, "t") (0 exactly), so 2 rstd2^2 / N = 1e5 times that residue reaches dbeta. The unused tensors
    /// stay, as the shrinker left them: they keep the data drawn from the seed.
    /// </summary>
    public static FuzzLayer CentringOfOneNormalizedValue => Layer("t w d",
        [new("beta"), new("dgamma"), new("bias", ["w", "d"], Init: 1.0), new("xin", ["w"], Init: -1.0)],
        "beta / (Var((((beta - Mean(beta, \"d w\")) * Rsqrt(Var(beta, \"d w\") + 0.5f)) - Mean((beta - Mean(beta, \"d w\")) * Rsqrt(Var(beta, \"d w\") + 0.5f), \"t\")) * Rsqrt(Var(beta, \"t\") + 1e-5), \"w t\") + 2)",
        [("t", 1), ("w", 2), ("d", 4)], 877277753);

    /// <summary>
    /// float64, seed 3011302 (replay 1807358563:6, the shrunk layer): with h = 1, Square(S) - Mean(Square(S), "h") is 0
    /// (S = Sum(V, "n0")), so y and dV are 0 exactly. The kernel sums MultiplyAdd(S, S, 0) into the mean and centres
    /// with MultiplyAdd(S, S, -mean): the product's rounding residue, times rstd^2 = 1e5 (bug 17's class in float64;
    /// without FMA, DOTNET_EnableAVX2=0, dV is 0). The negation around the product hid the centring from the oracle.
    /// </summary>
    public static FuzzLayer NegatedCentringOfOneSquare => Layer("y n0 h", [new("t1"), new("V", ["n0", "h"])],
        "Var(-((Pow(Sum(V, \"n0\"), 2) - Mean(Pow(Sum(V, \"n0\"), 2), \"h\")) * Rsqrt(Var(t1, \"h\") + 1e-5)), \"h\")",
        [("y", 3), ("n0", 5), ("h", 1)], 159552685, output: "y n0");

    /// <summary>
    /// float64, the same replay shrunk again once the negation was seen through: the centred product is a term of a
    /// sum, beside a constant the Var drops (Var(k c - 1) = Var(k c)).
    /// </summary>
    public static FuzzLayer ShiftedCentringOfOneSquare => Layer("e y n0 h", [new("t1"), new("q"), new("V", ["n0", "h"])],
        "Var(((Pow(Sum(V, \"n0\"), 2) - Mean(Pow(Sum(V, \"n0\"), 2), \"h\")) * Rsqrt(Var(t1, \"h\") + 1e-5)) - 1.0, \"h\")",
        [("e", 2), ("y", 3), ("n0", 5), ("h", 1)], 159552685, output: "e y n0",
        hypers: [new("lambda", 1e-5, 1e-5), new("sigma", 0.001, 0.001)]);

    /// <summary>A LayerNorm with an affine parameter: well conditioned, every gradient path matters.</summary>
    public static FuzzLayer LayerNorm => Layer("n d", [new("x"), new("gamma", ["d"])],
        "(x - Mean(x, \"d\")) * Rsqrt(Var(x, \"d\") + 1e-5) * gamma", [("n", 3), ("d", 5)], 12345);
}
