using System.Text;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// The remarks name shared subexpressions instead of printing them again at every use (issue 9, item 10): a
/// 25-level formula once made a 510 KB file with a 164 KB line.
/// </summary>
public sealed class RemarksSizeTests
{
    /// <summary>a1 = Tanh(x * g + Mean(x)), a2 = Tanh(a1 * g + Mean(a1)), ...: every level uses the previous one twice.</summary>
    private static string DeepLayer(int depth)
    {
        var body = new StringBuilder();
        string previous = "x";
        for (int k = 1; k <= depth; k++)
        {
            body.Append($"        var a{k} = Tanh({previous} * g + Mean({previous}, \"d\"));\n");
            previous = "a" + k;
        }
        return GeneratorHarness.Usings + $$"""
            [NormLayer("n d")]
            public partial class Deep
            {
                [Formula]
                static Expr F(Expr x, [Param("d")] Expr g)
                {
            {{body}}        return {{previous}};
                }
            }
            """;
    }

    [Fact]
    public void A_25_level_formula_stays_small_and_readable()
    {
        var run = GeneratorHarness.Run(DeepLayer(25));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        string source = run.GeneratedSources.Values.Single();
        var remarks = source.Substring(0, source.IndexOf("</remarks>", StringComparison.Ordinal));
        int longest = source.Split('\n').Max(l => l.Length);
        string measured = $"file {source.Length}, remarks {remarks.Length}, longest line {longest} characters";
        Assert.True(remarks.Length < 40_000, measured);
        Assert.True(longest < 2_000, measured);
        // Measured: remarks 14 KB (were about 1 GB: every level printed the previous one twice), longest line 810
        // characters (a 25-term sum in the backward kernel), file 1.46 MB of kernels for 25 sweeps; about 2.4 MB since the
        // backward's work after its loop is a stage of its own (2026-12-02: its loop's 25 sums go through per-chunk copies,
        // and the dispatcher's 25-argument calls are written one argument per line). The run took ~2.6 min until the IR
        // builder remembered each local's written axes (it walked every level 2^depth times); about 10 s since, most of
        // it Roslyn compiling the 2.4 MB output.
        Assert.True(source.Length < 3_000_000, measured);
        Assert.Contains("a4 = Tanh(", remarks, StringComparison.Ordinal);
    }
}
