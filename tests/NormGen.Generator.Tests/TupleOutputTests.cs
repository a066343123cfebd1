using Microsoft.CodeAnalysis;
using NormGen.Generator.Ir;
using NormGen.Generator.Passes.Plan;
using NormGen.Generator.Passes.Schedule;
using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>
/// Several outputs: a formula returning a tuple of named Exprs. The fused add+RMSNorm snapshot, the plan claims it
/// illustrates (one sweep writes both outputs), and every malformed tuple's diagnostic at its syntax.
/// </summary>
public sealed class TupleOutputTests
{
    public const string FusedAddRmsNormSource = GeneratorHarness.Usings + """

        namespace Samples;

        [NormLayer("n d")]
        public sealed partial class FusedAddRMSNorm
        {
            [Formula]
            static (Expr y, Expr h) Forward(Expr x, Expr residual, [Param("d")] Expr gamma, double eps = 1e-6)
            {
                var h = x + residual;
                return (h * Rsqrt(Mean(h * h, "d") + eps) * gamma, h);
            }
        }
        """;

    [Fact]
    public void FusedAddRmsNorm()
    {
        var run = GeneratorHarness.Run(FusedAddRmsNormSource);
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Snapshot.Verify(Assert.Single(run.GeneratedSources).Value);
    }

    private static (LayerIr Ir, List<KernelPlan> Plans) Plan(string source)
    {
        var ir = IrBuilder.Build(GeneratorHarness.Run(source).SingleLayer());
        var plans = LayerPlanner.Plan(ir).SelectMany(m => new[] { m.Forward, m.Backward }).SelectMany(spec => Scheduler.Schedule(ir, spec)).ToList();
        return (ir, plans);
    }

    private static int Sweeps(IEnumerable<Pass> passes) => passes.Count(p => !p.Domain.IsEmpty);

    [Fact]
    public void Fused_add_RMSNorm_forward_writes_y_and_h_in_one_sweep_after_the_row_sum_like_RMSNorm()
    {
        var (_, plans) = Plan(FusedAddRmsNormSource);
        var forward = plans.Single(p => p.Spec.Name == "Forward");
        Assert.Empty(forward.Before);
        Assert.Empty(forward.After);
        // One sweep sums h^2 over the row, one writes both outputs: the same two sweeps as RMSNorm's forward.
        Assert.Equal(2, Sweeps(forward.Inside));
        var stores = forward.Inside.Single(p => p.Computations.Any(c => !c.IsReduction && c.Target.Kind == BufferKind.Span));
        Assert.Equal(["y", "h"], stores.Computations.Where(c => c.Target.Kind == BufferKind.Span).Select(c => c.Target.Name));
    }

    [Fact]
    public void Fused_add_RMSNorm_backward_adds_dh_to_the_path_through_y_and_makes_two_sweeps()
    {
        var (ir, plans) = Plan(FusedAddRmsNormSource);
        var mode = Assert.Single(LayerPlanner.Plan(ir));
        var printer = new NormGen.Generator.Emit.FormulaPrinter(ir.Axes);
        foreach (var s in mode.Saved) printer.Name(s.Node, s.Name);
        var dx = mode.Gradients.Single(g => g.Name == "dx").Gradient;
        var dresidual = mode.Gradients.Single(g => g.Name == "dresidual").Gradient;
        // h = x + residual: both inputs get the same gradient, which reads both output gradients.
        Assert.Same(dx, dresidual);
        string text = printer.Print(dx);
        Assert.Contains("dh", text);
        Assert.Contains("dy", text);
        var backward = plans.Single(p => p.Spec.Name == "Backward");
        Assert.Equal(2, Sweeps(backward.Inside));
    }

    [Fact]
    public void Api_takes_the_outputs_where_y_is_and_their_gradients_where_dy_is()
    {
        var run = GeneratorHarness.Run(FusedAddRmsNormSource);
        string code = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("public static void Forward(Shape s, global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> residual, global::System.ReadOnlySpan<float> gamma, global::System.Span<float> y, global::System.Span<float> h, Saved<float> saved, float eps = 1E-06f)", code);
        Assert.Contains("public static void Backward(Shape s, global::System.ReadOnlySpan<float> dy, global::System.ReadOnlySpan<float> dh, global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> residual, global::System.ReadOnlySpan<float> gamma, Saved<float> saved, global::System.Span<float> dx, global::System.Span<float> dresidual, global::System.Span<float> dgamma, float eps = 1E-06f)", code);
        Assert.Contains("public void Forward(Shape shape, global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> residual, global::System.Span<float> y, global::System.Span<float> h)", code);
        Assert.Contains("public void Backward(global::System.ReadOnlySpan<float> dy, global::System.ReadOnlySpan<float> dh, global::System.Span<float> dx, global::System.Span<float> dresidual)", code);
    }

    [Fact]
    public void Three_outputs_with_different_expressions_compile_cleanly()
    {
        var run = GeneratorHarness.Run(Layer("""
            static (Expr y, Expr centred, Expr gated) F(Expr x, [Param("d")] Expr gamma, double eps = 1e-5)
            {
                var c = x - Mean(x, "d");
                var y = c * Rsqrt(Mean(c * c, "d") + eps) * gamma;
                return (y, c, Sigmoid(y) * x);
            }
            """));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_output_may_be_an_input_or_a_constant_and_a_double_converts()
    {
        var run = GeneratorHarness.Run(Layer("""
            static (Expr y, Expr copy, Expr k) F(Expr x, double eps = 1e-5) => (x * Rsqrt(Mean(x * x, "d") + eps), x, x * 0 + eps);
            """));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Tuple_outputs_compile_with_Running_Specialize_and_tensor_span_overloads()
    {
        var running = GeneratorHarness.Run(Layer("""
            static (Expr y, Expr centred) F(Expr x, [Param("d")] Expr gamma, double momentum = 0.1)
            {
                var mean = Running(Mean(x, "n"), momentum);
                var c = x - mean;
                return (c * Rsqrt(Running(Var(x, "n"), momentum) + 1e-5) * gamma, c);
            }
            """));
        var specialized = GeneratorHarness.Run(FusedAddRmsNormSource.Replace("[NormLayer(\"n d\")]", "[NormLayer(\"n d\", Specialize = \"d=64\")]"));
        var tensors = GeneratorHarness.Run(GeneratorHarness.CreateCompilationWithTensors(("Layer.cs", FusedAddRmsNormSource.Replace("gamma, h);", "gamma, h, Mean(h, \"d\"));")
            .Replace("(Expr y, Expr h)", "(Expr y, Expr h, Expr mean)"))));
        foreach (var run in new[] { running, specialized, tensors })
        {
            run.AssertDidNotCrash();
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }
        // The outputs where y is: after the running buffers, before saved and training.
        Assert.Contains("global::System.Span<float> running1, global::System.Span<float> y, global::System.Span<float> centred, Saved<float> saved, bool training,", Assert.Single(running.GeneratedSources).Value);
        string withTensors = Assert.Single(tensors.GeneratedSources).Value;
        // The outputs laid out as the input become tensor spans; the per-row mean stays a span.
        Assert.Contains("global::System.Numerics.Tensors.TensorSpan<float> y, global::System.Numerics.Tensors.TensorSpan<float> h, global::System.Span<float> mean,", withTensors);
    }

    [Fact]
    public void A_tuple_layer_moved_by_a_comment_is_not_compiled_again_and_its_bound_outputs_hold_no_location()
    {
        var compilation = GeneratorHarness.CreateCompilation(("Fused.cs", FusedAddRmsNormSource));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var moved = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), GeneratorHarness.ParseTree("Fused.cs", "// moved\n\n" + FusedAddRmsNormSource));
        var result = driver.RunGenerators(moved).GetRunResult().Results.Single();
        var compile = result.TrackedSteps[TrackingNames.Compile].SelectMany(s => s.Outputs).ToList();
        Assert.Single(compile);
        Assert.All(compile, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        var layer = GeneratorHarness.Run(FusedAddRmsNormSource).SingleLayer();
        Assert.Equal(["y", "h"], layer.Outputs.Select(o => o.Name));
        ObjectGraph.AssertHoldsNoCompilerObjects(layer, "bind", typeof(Model.LocationInfo));
    }

    // ---- Diagnostics: each at the offending syntax ----

    [Fact]
    public void NG0019_unnamed_element()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr) F(Expr x) => (x, x * 2);"));
        Reports(run, ("NG0019", "Expr"));
        Assert.Contains("has no name", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NG0019_element_that_is_not_an_Expr()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, double m) F(Expr x) => (x, 2.0);"));
        Reports(run, ("NG0019", "double"));
        Assert.Equal("Output 'm': its type is double; every element of the returned tuple is an output tensor, an Expr", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NG0019_nested_tuple_element()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, (Expr a, Expr b) rest) F(Expr x) => (x, (x, x));"));
        Reports(run, ("NG0019", "(Expr a, Expr b)"));
    }

    [Fact]
    public void NG0016_duplicate_output_names_at_the_second()
    {
        // C# reports CS8127 too; NormGen says what it means for the generated API, at the second name.
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr y) F(Expr x) => (x, x * 2);"));
        run.AssertDidNotCrash();
        var located = run.LocatedDiagnostics();
        Assert.Equal([("NG0016", "y")], located);
        Assert.Equal(run.Input.SyntaxTrees.Single().ToString().LastIndexOf("Expr y)", StringComparison.Ordinal) + 5,
            run.Diagnostics.Single().Location.SourceSpan.Start);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void NG0016_output_named_like_an_input()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr x) F(Expr x) => (x * 2, x);"));
        Reports(run, ("NG0016", "x"));
        Assert.Contains("output 'x' would have the same name as parameter 'x'", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NG0016_output_whose_gradient_is_an_input()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr h) F(Expr x, Expr dh) => (x * 2, x + dh);"));
        Reports(run, ("NG0016", "h"));
        Assert.Contains("the gradient 'dh' of output 'h' would have the same name as parameter 'dh'", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NG0016_output_named_like_an_input_gradient()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr dx) F(Expr x) => (x * 2, x);"));
        Reports(run, ("NG0016", "dx"));
        Assert.Contains("output 'dx' would have the same name as the gradient 'dx' of parameter 'x'", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NG0016_output_named_like_a_hyper_parameter_or_a_generated_argument()
    {
        Reports(GeneratorHarness.Run(Layer("static (Expr y, Expr eps) F(Expr x, double eps) => (x * eps, x);")), ("NG0016", "eps"));
        Reports(GeneratorHarness.Run(Layer("static (Expr y, Expr s) F(Expr x) => (x * 2, x);")), ("NG0016", "s"));
        Reports(GeneratorHarness.Run(Layer("static (Expr y, Expr saved) F(Expr x) => (x * 2, x);")), ("NG0016", "saved"));
        Reports(GeneratorHarness.Run(Layer("static (Expr y, Expr shape) F(Expr x) => (x * 2, x);")), ("NG0016", "shape"));
    }

    [Fact]
    public void NG0016_output_named_like_a_running_buffer_at_the_Running_call()
    {
        var run = GeneratorHarness.Run(Layer("""
            static (Expr y, Expr runningMean) F(Expr x, double momentum = 0.1)
            {
                var mean = Running(Mean(x, "n"), momentum);
                return (x - mean, x * 2);
            }
            """));
        ReportsAfterParse(run, ("NG0016", "Running(Mean(x, \"n\"), momentum)"));
        Assert.Contains("the running buffer this Running(...) creates would have the same name as output 'runningMean'", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void With_a_tuple_an_input_may_be_called_y_when_no_output_is()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr a, Expr b) F(Expr y, [Param(\"d\")] Expr gamma, double ddy = 1) => (y * gamma, y * ddy);"));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void NG0015_output_name_with_double_underscore()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr h__2) F(Expr x) => (x * 2, x);"));
        Reports(run, ("NG0015", "h__2"));
    }

    [Fact]
    public void An_output_over_fewer_axes_is_stored_over_those_axes()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr mean) F(Expr x) => (x - Mean(x, \"d\"), Mean(x, \"d\"));"));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        string code = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("global::NormGen.Kernels.Guard.Length(mean.Length, (long)s.n, \"mean\");", code);
        Assert.Contains("global::NormGen.Kernels.Guard.Length(dmean.Length, (long)s.n, \"dmean\");", code);
        Assert.Contains("<param name=\"mean\">Receives the output <c>mean</c> over (n), length n.</param>", code);
    }

    [Fact]
    public void NG0019_output_over_an_axis_the_output_does_not_have()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr copy) F(Expr x, [Param(\"o i\")] Expr w) => (Sum(x * w, \"i\"), x);",
            layout: "\"n i\", Output = \"n o\""));
        ReportsAfterParse(run, ("NG0019", "x"));
        Assert.Equal("Output 'copy': it varies over \"n i\", but each output of the tuple is a tensor over the layer's output axes \"n o\" or some of them",
            run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NG0019_tuple_that_is_not_a_literal()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr h) F(Expr x) => Pair(x);", members: "static (Expr, Expr) Pair(Expr x) => (x, x);"));
        Reports(run, ("NG0019", "Pair(x)"));
    }

    [Fact]
    public void Each_element_of_a_tuple_is_parsed_so_every_problem_is_reported()
    {
        var run = GeneratorHarness.Run(Layer("static (Expr y, Expr h) F(Expr x, double eps) => (Math.Abs(1.0) * x, eps > 0 ? x : -x);"));
        Reports(run, ("NG0002", "Math.Abs(1.0)"), ("NG0006", "eps > 0 ? x : -x"));
    }

    /// <summary>A problem the bind step finds (on the folded IR): the parse produced a model, the bind none.</summary>
    private static void ReportsAfterParse(GeneratorRun run, params (string Id, string Text)[] expected)
    {
        run.AssertDidNotCrash();
        Assert.NotNull(run.SingleModel());
        Assert.Equal(expected, run.LocatedDiagnostics());
        Assert.Empty(run.GeneratedSources);
    }
}
