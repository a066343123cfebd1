using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// The generator runs on every keystroke in an IDE, mostly over code that does not compile. Whatever it is fed it
/// must not throw: an exception becomes CS8785 and switches the generator off for the whole project.
/// </summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> MalformedSnippets => new()
    {
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => ; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Mean(x, ); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Mean(); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Running(); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Running(x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Running(x, unbiased: 1); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Pow(x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Pow(x, \"2\"); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Sum(x, null); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x +; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { var y = ; return y; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { return; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { var y = y; return y; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => F(x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { return x } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x; [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, double eps = \"a\") => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, [Param] Expr g) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, [Param(1)] Expr g) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, [Param(\"d\", Init = \"a\")] Expr g) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, Undefined u) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Undefined F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static partial Expr F(Expr x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static extern Expr F(Expr x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] abstract Expr F(Expr x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x; } [NormLayer(\"n d\")] public partial class L { }",
        "[NormLayer(\"n d\"), NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer] public partial class L { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(null)] public partial class L { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\", Output = null, Specialize = null)] public partial class L { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(Layout)] public partial class L { const string Layout = \"n d\"; [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial struct S { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial interface I { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial record struct RS { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class",
        "[NormLayer(\"n d\")]",
        "[NormLayer(\"n d\")] public partial class L { [Formula",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Mean(x, \"d\"",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x * #error",
        "[NormLayer(\"n d\")] public partial class L<T> where T : L<T> { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x switch { _ => x }; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => (x, x).Item1; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x is var y ? y : x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => throw null!; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => default; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => default!; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Mean(x, $\"{\"d\"}\"); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Mean(x, nameof(x)); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Pow(x, double.NaN) + x / 0 + 1e308 * 1e308; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => checked(x * 2) + unchecked(-x); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { Expr y = x; ref Expr r = ref y; return r; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { using var d = (IDisposable)null!; return x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static async Expr F(Expr x) { await Task.Yield(); return x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static IEnumerable<Expr> F(Expr x) { yield return x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { goto end; end: return x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) { lock (x) { } return x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x * this; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x * base.GetHashCode(); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => -(-(-(-x))) * +1; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x.Equals(x) ? x : x; }",
        "[NormLayer(\"\\u0000\")] public partial class L { [Formula] static Expr F(Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class @class { [Formula] static Expr @return(Expr @int) => @int; }",
        "[NormLayer(\"n d\")] file partial class L { [Formula] static Expr F(Expr x) => x; }",
        "namespace A.B { [NormLayer(\"n d\")] partial class L { [Formula] static Expr F(Expr x) => x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Sum(x, \"d\", \"n\"); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => Ops.Sum; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => ((Func<Expr, string, Expr>)Sum)(x, \"d\"); }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(params Expr[] x) => x[0]; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(this Expr x) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(out Expr x) { x = null!; return x; } }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x, double? eps) => x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static ref Expr F(ref Expr x) => ref x; }",
        "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => __arglist(x); }",
        "}}}}{{{{ [NormLayer(\"n d\")] ((((",
        "",
    };

    [Theory]
    [MemberData(nameof(MalformedSnippets))]
    public void Malformed_code_never_crashes_the_generator(string snippet)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\n" + snippet);
        run.AssertDidNotCrash();
    }

    /// <summary>Every prefix of every design layer (DesignLayers), as the file looks while it is being typed.</summary>
    [Fact]
    public void Every_prefix_of_the_design_layers_is_survived()
    {
        foreach (var (name, source) in DesignLayers.All)
        {
            for (int length = 0; length <= source.Length; length += 3)
            {
                var run = GeneratorHarness.Run(source.Substring(0, length));
                try
                {
                    run.AssertDidNotCrash();
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"{name} cut at {length}: {e.Message}\n---\n{source.Substring(0, length)}");
                }
            }
        }
    }

    /// <summary>Every character of LayerNorm's formula deleted in turn: wrong rather than unfinished code.</summary>
    [Fact]
    public void Every_single_character_deletion_in_a_formula_is_survived()
    {
        var source = DesignLayers.LayerNorm;
        int start = source.IndexOf("[Formula]", StringComparison.Ordinal);
        for (int i = start; i < source.Length; i++)
        {
            var run = GeneratorHarness.Run(source.Remove(i, 1));
            run.AssertDidNotCrash();
        }
    }

    [Fact]
    public void A_very_deep_formula_is_survived()
    {
        var deep = string.Concat(Enumerable.Repeat("Sqrt(", 3000)) + "x" + new string(')', 3000);
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + $"[NormLayer(\"n d\")] public partial class L {{ [Formula] static Expr F(Expr x) => {deep}; }}");
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id == "CS8785");
    }

    [Fact]
    public void A_long_formula_is_parsed()
    {
        var sum = string.Join(" + ", Enumerable.Repeat("x", 2000));
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + $"[NormLayer(\"n d\")] public partial class L {{ [Formula] static Expr F(Expr x) => {sum}; }}");
        run.AssertDidNotCrash();
        Assert.NotNull(run.SingleModel());
    }
}
