using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// The pipeline is only as incremental as its models are equatable: an edit that does not touch a layer must
/// reuse its outputs, and an edit that only moves its text (a comment, a blank line) must not re-run its compilation
/// (andrewlock/NetEscapades.EnumGenerators' approach). Every other generator test also checks that a second run is
/// cached (<see cref="GeneratorHarness"/>).
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps = GeneratorHarness.TrackedSteps;

    private const string Unrelated = "namespace Other; public class Unrelated { public int Value => 1; }";

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            ("LayerNorm.cs", DesignLayers.LayerNorm),
            ("BatchNorm2d.cs", DesignLayers.BatchNorm2d),
            ("Unrelated.cs", Unrelated));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Guard against a vacuous pass: the first run must have produced both layers at every step.
        var first = driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            Assert.Equal(2, first.TrackedSteps[step].SelectMany(s => s.Outputs).Count());
            Assert.All(first.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
        }
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation) =>
        driver.RunGenerators(compilation).GetRunResult().Results.Single();

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static void AssertReused(GeneratorRunResult result)
    {
        foreach (var step in TrackedSteps)
        {
            var reasons = Reasons(result, step);
            Assert.Equal(2, reasons.Length);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
    }

    [Fact]
    public void Adding_an_unrelated_file_reuses_every_layer()
    {
        var (driver, compilation) = FirstRun();
        var result = Rerun(driver, compilation.AddSyntaxTrees(GeneratorHarness.ParseTree("New.cs", "class New { }")));
        AssertReused(result);
    }

    [Fact]
    public void Editing_an_unrelated_file_reuses_every_layer()
    {
        var (driver, compilation) = FirstRun();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var edited = GeneratorHarness.ParseTree("Unrelated.cs", Unrelated.Replace("=> 1", "=> 2 + 40"));
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(old, edited));
        AssertReused(result);
    }

    [Fact]
    public void Rerunning_an_unchanged_compilation_is_fully_cached()
    {
        var (driver, compilation) = FirstRun();
        var result = Rerun(driver, compilation);
        foreach (var step in TrackedSteps) Assert.All(Reasons(result, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Theory]
    [InlineData("// The layer of docs/language.md.\n")]
    [InlineData("\n\n")]
    [InlineData("/* a block comment */ ")]
    public void Text_added_above_a_layer_reparses_it_but_leaves_its_compilation_cached(string inserted)
    {
        var (driver, compilation) = FirstRun();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "LayerNorm.cs");
        var edited = GeneratorHarness.ParseTree("LayerNorm.cs", DesignLayers.LayerNorm.Replace("[NormLayer(", inserted + "[NormLayer("));
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(old, edited));

        // The locations moved, so the parse and bind outputs (which keep them, for diagnostics) changed...
        Assert.Equal(1, Reasons(result, TrackingNames.Parse).Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, Reasons(result, TrackingNames.Bind).Count(r => r == IncrementalStepRunReason.Modified));
        // ...but the bound layer, which holds none, compares equal, and neither layer is compiled again.
        Assert.All(Reasons(result, TrackingNames.Layer), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
        Assert.All(Reasons(result, TrackingNames.Compile), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_diagnostic_follows_its_layer_when_a_line_is_added_above_it()
    {
        const string Broken = GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public partial class Broken { [Formula] static Expr F(Expr x) => x - Mean(x, "q"); }
            """;
        var compilation = GeneratorHarness.CreateCompilation(("Broken.cs", Broken));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = Assert.Single(driver.GetRunResult().Diagnostics);

        var old = compilation.SyntaxTrees.Single();
        var after = Assert.Single(driver.RunGenerators(compilation.ReplaceSyntaxTree(old, GeneratorHarness.ParseTree("Broken.cs", "// moved\n" + Broken)))
            .GetRunResult().Diagnostics);

        Assert.Equal("NG0004", after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 1, after.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(before.Location.SourceSpan.Start + "// moved\n".Length, after.Location.SourceSpan.Start);
    }

    [Fact]
    public void The_compile_steps_input_holds_no_source_location()
    {
        var (driver, _) = FirstRun();
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { TrackingNames.Layer, TrackingNames.Compile })
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.NotNull(value);
                ObjectGraph.AssertHoldsNoCompilerObjects(value, step, typeof(Model.LocationInfo));
            }
        }
    }

    [Fact]
    public void Editing_a_formula_reparses_only_that_layer()
    {
        var (driver, compilation) = FirstRun();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "LayerNorm.cs");
        var edited = GeneratorHarness.ParseTree("LayerNorm.cs", DesignLayers.LayerNorm.Replace("double eps = 1e-5", "double eps = 1e-6"));
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(old, edited));

        var parse = result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs).ToArray();
        Assert.Contains(parse, o => o.Reason == IncrementalStepRunReason.Modified && ModelOf(o.Value)?.ClassName == "LayerNorm");
        Assert.Contains(parse, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged && ModelOf(o.Value)?.ClassName == "BatchNorm2d");

        // The compile step reruns for LayerNorm (its eps default changed) and only for it.
        var compile = Reasons(result, TrackingNames.Compile);
        Assert.Equal(1, compile.Count(r => r is IncrementalStepRunReason.Modified));
        Assert.Equal(1, compile.Count(r => r is IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Breaking_a_formula_modifies_its_parse_and_compile_outputs()
    {
        var (driver, compilation) = FirstRun();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "LayerNorm.cs");
        var edited = GeneratorHarness.ParseTree("LayerNorm.cs", DesignLayers.LayerNorm.Replace("Rsqrt(Var(x, \"d\") + eps)", "Math.Sqrt(eps)"));
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(old, edited));

        foreach (var step in TrackedSteps)
        {
            var reasons = Reasons(result, step);
            Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        }
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (driver, compilation) = FirstRun();
        var runs = new[]
        {
            driver.GetRunResult().Results.Single(),
            Rerun(driver, compilation.AddSyntaxTrees(GeneratorHarness.ParseTree("Broken.cs", GeneratorHarness.Usings +
                "[NormLayer(\"n (d\")] public class Broken { [Formula] static Expr F(Expr x, int k) { if (k > 0) return x; return x * System.Math.Abs(k); } }"))),
        };
        foreach (var result in runs)
        {
            foreach (var step in TrackedSteps)
            {
                var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToArray();
                Assert.NotEmpty(outputs);
                foreach (var (value, _) in outputs) ObjectGraph.AssertHoldsNoCompilerObjects(value, step);
            }
        }
    }

    [Fact]
    public void The_object_graph_check_catches_a_symbol()
    {
        var compilation = GeneratorHarness.CreateCompilation(("A.cs", "class A { }"));
        var holder = new { Inner = new[] { (object)compilation.GetTypeByMetadataName("A")! } };
        var error = Assert.ThrowsAny<Exception>(() => ObjectGraph.AssertHoldsNoCompilerObjects(holder, "holder"));
        Assert.Contains("ISymbol", error.Message);
    }

    private static Model.LayerModel? ModelOf(object value) => ((Parsing.LayerParseResult)value).Model;
}
