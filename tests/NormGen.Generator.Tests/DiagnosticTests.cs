// Over 400 lines on purpose: one test per diagnostic and its edge cases, a catalogue read by looking up a code.
using Microsoft.CodeAnalysis;
using NormGen.Generator.Tests.Infrastructure;
using static NormGen.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace NormGen.Generator.Tests;

/// <summary>Every parse-stage diagnostic: its id and exactly the syntax it points at.</summary>
public sealed class DiagnosticTests
{
    // ---- NG0001: statements other than let-bindings and a final return ----

    [Fact]
    public void NG0001_if_statement()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x, double eps)
            {
                if (eps > 0) return x;
                return -x;
            }
            """));
        Reports(run, ("NG0001", "if (eps > 0) return x;"));
    }

    [Fact]
    public void NG0001_assignment_and_loop_are_each_reported()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var y = x;
                y = y * 2;
                for (int i = 0; i < 3; i++) y = y * y;
                return y;
            }
            """));
        Reports(run, ("NG0001", "y = y * 2;"), ("NG0001", "for (int i = 0; i < 3; i++) y = y * y;"));
    }

    [Fact]
    public void NG0001_return_that_is_not_last()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                return x;
                var y = x * 2;
                return y;
            }
            """));
        Reports(run, ("NG0001", "return x;"));
    }

    [Fact]
    public void NG0001_local_that_is_not_a_tensor_or_number()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var axes = "d";
                return x;
            }
            """));
        Reports(run, ("NG0017", "axes = \"d\""));
    }

    // Was: NG0001 ("only var locals", though it was one) and a second NG0010 at the use.
    [Fact]
    public void NG0017_string_local_used_as_axes_is_reported_once_at_its_declaration()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var axes = "d";
                return x - Mean(x, axes);
            }
            """));
        Reports(run, ("NG0017", "axes = \"d\""));
        Assert.Equal("Local 'axes' is a string; a formula's var locals are Expr or number values (an axis list is a constant: write it inline or declare it const)",
            run.Diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_const_string_local_is_an_axis_list()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                const string axes = "d";
                return x - Mean(x, axes);
            }
            """));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.GeneratedSources);
    }

    [Fact]
    public void NG0001_local_without_value()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                Expr unused;
                return x;
            }
            """));
        Reports(run, ("NG0001", "unused"));
    }

    [Fact]
    public void NG0001_local_function_block_and_throw()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                static Expr Twice(Expr e) => e * 2;
                { }
                if (x is null) throw new ArgumentNullException(nameof(x));
                return x;
            }
            """));
        Reports(run,
            ("NG0001", "static Expr Twice(Expr e) => e * 2;"),
            ("NG0001", "{ }"),
            ("NG0001", "if (x is null) throw new ArgumentNullException(nameof(x));"));
    }

    // ---- NG0002: calls to anything but NormGen.Ops ----

    [Fact]
    public void NG0002_Math_call()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, double eps) => x * Math.Sqrt(eps);"));
        Reports(run, ("NG0002", "Math.Sqrt(eps)"));
    }

    [Fact]
    public void NG0002_helper_method_and_Expr_factory()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x) => Helper(x) + Expr.Reduce(ReduceKind.Sum, x, \"d\");",
            members: "static Expr Helper(Expr e) => e;"));
        Reports(run, ("NG0002", "Helper(x)"), ("NG0002", "Expr.Reduce(ReduceKind.Sum, x, \"d\")"));
        Assert.Contains("'L.Helper'", run.Diagnostics[0].GetMessage());
    }

    // ---- NG0003: parameter types ----

    [Fact]
    public void NG0003_parameters_of_other_types()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, int k, float eps, Expr[] more) => x;"));
        Reports(run, ("NG0003", "int k"), ("NG0003", "float eps"), ("NG0003", "Expr[] more"));
        Assert.Equal("Parameter 'more' has type 'Expr[]'; formula parameters must be Expr (tensors) or double (hyper-parameters)",
            run.Diagnostics[2].GetMessage());
    }

    // ---- NG0006: expressions outside the formula language ----

    [Fact]
    public void NG0006_field_and_property()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x) => x * Scale + DateTime.Now.Second;",
            members: "static readonly double Scale = 2;"));
        Reports(run, ("NG0006", "Scale"), ("NG0006", "DateTime.Now.Second"));
    }

    [Fact]
    public void NG0006_conditional_modulo_cast_and_null()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x, double eps) => (eps > 0 ? x : -x) + eps % 2 + (float)eps + x * null!;"));
        Reports(run,
            ("NG0006", "eps > 0 ? x : -x"),
            ("NG0006", "eps % 2"),
            ("NG0006", "(float)eps"),
            ("NG0006", "null"));
    }

    [Fact]
    public void NG0006_lambda_and_object_creation()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x) => x * new Func<double>(() => 1)() + new Custom();",
            members: "sealed class Custom { public static implicit operator Expr(Custom c) => 0.0; }"));
        Reports(run, ("NG0002", "new Func<double>(() => 1)()"), ("NG0006", "new Custom()"));
    }

    [Fact]
    public void NG0006_user_defined_conversion_to_Expr()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x, double eps) => x * (Expr)new Wrapper();",
            members: "sealed class Wrapper { public static implicit operator Expr(Wrapper w) => null!; }"));
        Reports(run, ("NG0006", "(Expr)new Wrapper()"));
    }

    // ---- NG0007: class shape ----

    [Fact]
    public void NG0007_not_partial()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public class Plain { [Formula] static Expr F(Expr x) => x; }
            """);
        Reports(run, ("NG0007", "Plain"));
    }

    [Fact]
    public void NG0007_nested()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public partial class Outer
            {
                [NormLayer("n d")]
                public partial class Inner { [Formula] static Expr F(Expr x) => x; }
            }
            """);
        Reports(run, ("NG0007", "Inner"));
    }

    [Fact]
    public void NG0007_generic()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public partial class Generic<T> { [Formula] static Expr F(Expr x) => x; }
            """);
        Reports(run, ("NG0007", "<T>"));
    }

    [Fact]
    public void NG0007_static_and_record()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public static partial class S { [Formula] static Expr F(Expr x) => x; }
            [NormLayer("n d")]
            public partial record R { [Formula] static Expr F(Expr x) => x; }
            """);
        Reports(run, ("NG0007", "static"), ("NG0007", "record"));
    }

    // ---- NG0008: the [Formula] method ----

    [Fact]
    public void NG0008_no_formula_method()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            [NormLayer("n d")]
            public partial class Empty { static Expr F(Expr x) => x; }
            """);
        Reports(run, ("NG0008", "Empty"));
    }

    [Fact]
    public void NG0008_two_formula_methods()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr Second(Expr x) => x;",
            members: "[Formula] static Expr First(Expr x) => x;"));
        Reports(run, ("NG0008", "Second"));
    }

    [Fact]
    public void NG0008_instance_method_and_wrong_return_type()
    {
        var run = GeneratorHarness.Run(Layer("double F(Expr x) => 1;"));
        Reports(run, ("NG0008", "F"), ("NG0008", "double"));
    }

    [Fact]
    public void NG0008_first_parameter_is_not_an_input()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F([Param(\"d\")] Expr gamma, Expr x) => gamma * x;"));
        Reports(run, ("NG0008", "[Param(\"d\")] Expr gamma"));

        run = GeneratorHarness.Run(Layer("static Expr F(double eps, Expr x) => eps * x;"));
        Reports(run, ("NG0008", "double eps"));
    }

    [Fact]
    public void NG0008_no_parameters()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F() => 1.0;"));
        Reports(run, ("NG0008", "()"));
    }

    [Fact]
    public void NG0008_generic_method()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F<T>(Expr x) => x;"));
        Reports(run, ("NG0008", "<T>"));
    }

    // ---- NG0009: axis lists ----

    [Fact]
    public void NG0009_layout()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => x;", layout: "\"n (d\""));
        Reports(run, ("NG0009", "\"n (d\""));
        Assert.Equal("\"n (d\" is not a valid axis list: '(' is never closed", run.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void NG0009_empty_layout_and_output()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => x;", layout: "layout: \"\", Output = \"n n\""));
        Reports(run, ("NG0009", "\"\""), ("NG0009", "\"n n\""));
    }

    [Fact]
    public void NG0009_param_axes()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"d d\")] Expr g) => x * g;"));
        Reports(run, ("NG0009", "\"d d\""));
    }

    [Fact]
    public void NG0009_empty_param_axes_say_how_a_learned_scalar_is_written()
    {
        // A learned scalar is [Param] without an axes string; an axes string that names no axis stays an error.
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param(\"\")] Expr g, [Param(axes: \" \", Init = 2)] Expr h, [Param(null)] Expr k) => x * g * h * k;"));
        Reports(run, ("NG0009", "\"\""), ("NG0009", "\" \""), ("NG0009", "null"));
        Assert.Equal("\"\" is not a valid axis list: it names no axis (a learned scalar is written [Param] or [Param(Init = ...)], without an axes string)",
            run.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void Param_without_axes_is_a_learned_scalar_and_compiles()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param] Expr a, [Param(Init = 0.5)] Expr b, [Param(\"d\")] Expr g) => a * Tanh(b * x) * g + a;"));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_scalar_gradient_completed_after_the_outer_loop_compiles()
    {
        // Regression: dt = -Sum(.., "n d") / (t^2 u) kept its sum in a local of the row loop and read it after the
        // loop (CS0103). The sum is shared with du, so it stays one sum finished after the loop.
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, [Param] Expr t, [Param] Expr u) => Tanh(x / (t * u));"));
        run.AssertDidNotCrash();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void NG0009_reduction_axes()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => Mean(x, \"d,\") + Sum(x, \"(n d)\") + Max(x, \"\");"));
        Reports(run, ("NG0009", "\"d,\""), ("NG0009", "\"(n d)\""), ("NG0009", "\"\""));
    }

    // ---- NG0010: constants required ----

    [Fact]
    public void NG0010_axes_not_constant()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x) => Mean(x, Axes);",
            members: "static readonly string Axes = \"d\";"));
        Reports(run, ("NG0010", "Axes"));
        Assert.Equal("The axes argument of 'Mean' must be a compile-time constant", run.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void NG0010_Pow_exponent_and_Running_unbiased()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x, double k) => Pow(x, k) + Running(Var(x, \"n\"), 0.1, unbiased: Flag);",
            members: "static bool Flag = true;"));
        Reports(run, ("NG0010", "k"), ("NG0010", "Flag"));
    }

    // ---- NG0011: Running ----

    [Fact]
    public void NG0011_momentum_must_be_constant_or_hyper_parameter()
    {
        var run = GeneratorHarness.Run(Layer(
            "static Expr F(Expr x, double momentum = 0.1) => Running(Mean(x, \"n\"), momentum * 2) + Running(Mean(x, \"n\"), Scale);",
            members: "static double Scale = 0.5;"));
        Reports(run, ("NG0011", "momentum * 2"), ("NG0011", "Scale"));
    }

    [Fact]
    public void NG0011_momentum_out_of_range()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => Running(Mean(x, \"n\"), 1.5);"));
        Reports(run, ("NG0011", "1.5"));
        Assert.Equal("Running(...) momentum 1.5 must be between 0 and 1", run.Diagnostics[0].GetMessage());
    }

    [Fact]
    public void NG0011_nested_Running_directly_and_through_a_local()
    {
        var run = GeneratorHarness.Run(Layer("""
            static Expr F(Expr x)
            {
                var m = Running(Mean(x, "n"), 0.1);
                return Running(Running(Mean(x, "n"), 0.1) * 2, 0.1) + Running(m + 1, 0.1);
            }
            """));
        Reports(run, ("NG0011", "Running(Mean(x, \"n\"), 0.1)"), ("NG0011", "m"));
    }

    [Fact]
    public void NG0011_unbiased_needs_a_variance()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => Running(Mean(x, \"n\"), 0.1, unbiased: true);"));
        Reports(run, ("NG0011", "true"));
    }

    // ---- NG0014: parameter modifiers and attributes ----

    [Fact]
    public void NG0014_ref_parameter_Param_on_double_and_Expr_default()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x, in double eps, [Param(\"d\")] double g, Expr? y = null) => x * eps * g;"));
        Reports(run,
            ("NG0014", "in double eps"),
            ("NG0014", "Param(\"d\")"),
            ("NG0014", "= null"));
    }

    // ---- collecting ----

    [Fact]
    public void Diagnostics_from_every_part_of_a_layer_are_collected_in_one_run()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + """
            using System;
            [NormLayer("n (d")]
            public class Bad
            {
                [Formula]
                static Expr F(Expr x, int k, [Param("d d")] Expr g)
                {
                    if (k > 0) return x;
                    return x * Math.Abs(k) + Mean(x, "q q");
                }
            }
            """);
        Reports(run,
            ("NG0007", "Bad"),
            ("NG0009", "\"n (d\""),
            ("NG0003", "int k"),
            ("NG0009", "\"d d\""),
            ("NG0001", "if (k > 0) return x;"),
            ("NG0002", "Math.Abs(k)"),
            ("NG0009", "\"q q\""));
    }

    [Fact]
    public void Diagnostic_in_another_partial_file_points_into_that_file()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            ("A.cs", GeneratorHarness.Usings + "[NormLayer(\"n d\")] public partial class L { }"),
            ("B.cs", GeneratorHarness.Usings + "public partial class L { [Formula] static Expr F(Expr x) => x * System.Math.E * System.Math.Sqrt(2); }"));
        var run = GeneratorHarness.Run(compilation);

        Reports(run, ("NG0002", "System.Math.Sqrt(2)"));
        Assert.Equal("B.cs", run.Diagnostics[0].Location.GetLineSpan().Path);
        Assert.Equal(2, run.Diagnostics[0].Location.GetLineSpan().StartLinePosition.Line); // after the two usings
    }

    [Fact]
    public void Code_that_does_not_compile_gets_no_NormGen_diagnostic_on_top()
    {
        var run = GeneratorHarness.Run(Layer("static Expr F(Expr x) => Mean(x) + Undefined(x) + x * unknown;"));

        run.AssertDidNotCrash();
        Assert.NotEmpty(run.Input.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(run.Diagnostics);
        Assert.Null(Assert.Single(run.ParseResults).Model);
    }
}
