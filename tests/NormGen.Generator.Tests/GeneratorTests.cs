using NormGen.Generator.Diagnostics;
using NormGen.Generator.Model;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>The generator's wiring around the passes: outputs, hint names, and failures inside the compiler.</summary>
public sealed class GeneratorTests
{
    /// <summary>Stands in for the lead's emitter: a valid, recognisable source per layer.</summary>
    private static CompiledLayer FakeCompile(BoundLayer layer) =>
        new(layer.HintName, $"// {layer.Namespace}.{layer.ClassName}\n");

    [Fact]
    public void An_exception_in_the_compiler_becomes_NG0099_on_the_layer_not_CS8785()
    {
        var generator = new NormGenGenerator(_ => throw new InvalidOperationException("boom"));
        var run = GeneratorHarness.Run(DesignLayers.LayerNorm, generator);

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id == "CS8785");
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NG0099", diagnostic.Id);
        Assert.Equal("LayerNorm", run.TextAt(diagnostic.Location));
        Assert.StartsWith("NormGen failed on layer 'LayerNorm'; please report this bug: InvalidOperationException: boom", diagnostic.GetMessage());
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void Sources_are_added_under_their_hint_names()
    {
        var compilation = GeneratorHarness.CreateCompilation(DesignLayers.All.Select(l => (l.Name + ".cs", l.Source)).ToArray());
        var run = GeneratorHarness.Run(compilation, new NormGenGenerator(FakeCompile));

        run.AssertDidNotCrash();
        Assert.Equal(
            ["Samples.BatchNorm2d.g.cs", "Samples.CosineNorm.g.cs", "Samples.GroupNorm.g.cs", "Samples.LayerNorm.g.cs", "Samples.WeightNorm.g.cs"],
            run.GeneratedSources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("// Samples.LayerNorm\n", run.GeneratedSources["Samples.LayerNorm.g.cs"]);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    [Fact]
    public void Hint_names_differing_only_in_case_are_made_unique_in_ordinal_order()
    {
        // Roslyn compares hint names ignoring case; without care the second AddSource would throw.
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            namespace A
            {
                [NormLayer("n d")] public partial class layerNorm { [Formula] static Expr F(Expr x) => x; }
                [NormLayer("n d")] public partial class LayerNorm { [Formula] static Expr F(Expr x) => x; }
            }
            """, new NormGenGenerator(FakeCompile));

        run.AssertDidNotCrash();
        Assert.Equal(["A.LayerNorm.g.cs", "A.layerNorm.2.g.cs"], run.GeneratedSources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("// A.layerNorm\n", run.GeneratedSources["A.layerNorm.2.g.cs"]);
    }

    [Fact]
    public void NormLayer_on_two_partial_declarations_yields_one_layer()
    {
        // CS0579 (duplicate attribute) is the compiler's to report; NormGen must not report or generate twice.
        var compilation = GeneratorHarness.CreateCompilation(
            ("A.cs", GeneratorHarness.Usings + "[NormLayer(\"n d\")] public partial class L { [Formula] static Expr F(Expr x) => x; }"),
            ("B.cs", GeneratorHarness.Usings + "[NormLayer(\"n d\")] public partial class L { }"));
        var run = GeneratorHarness.Run(compilation, new NormGenGenerator(FakeCompile));

        run.AssertDidNotCrash();
        Assert.Single(run.ParseResults, r => r.Model is not null);
        Assert.Equal(["L.g.cs"], run.GeneratedSources.Keys);
    }

    [Fact]
    public void The_real_compiler_is_wired_in_and_does_not_crash_on_the_design_layers()
    {
        var compilation = GeneratorHarness.CreateCompilation(DesignLayers.All.Select(l => (l.Name + ".cs", l.Source)).ToArray());
        var run = GeneratorHarness.Run(compilation);

        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Equal(5, run.StepOutputs(TrackingNames.Compile).Count());
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    // Was: CS1586 'new float[]' in the stateful layer, whose running buffer over no axes had an empty length.
    // Found by the formula fuzzer (docs/fuzzing.md).
    [Fact]
    public void A_running_statistic_over_no_axes_compiles()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public partial class RunningTotal
            {
                [Formula]
                static Expr Forward(Expr x, [Param("d")] Expr a, double momentum = 0.1) => Running(Mean(a, "d"), momentum) * x;
            }
            """);

        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }
}
