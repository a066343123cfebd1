using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using NormGen.Generator.Ir;

namespace NormGen.Generator.Emit;

/// <summary>
/// How generated code spells identifiers, so that no generated name can ever equal a user's.
/// The C# specification reserves identifiers containing two consecutive underscores for the implementation;
/// NormGen rejects user names containing "__" (NG0015), and every identifier it invents inside the code it
/// generates (locals, loop variables, type parameters, private methods and fields) starts with "__". The user's
/// own names (tensors, hyper-parameters, axes) keep their spelling, escaped with '@' when they are C# keywords;
/// the public names derived from them (dgamma, Gamma, GammaGrad, runningMean) are checked for collisions when
/// the formula is parsed (NG0016). The one exception is the public Saved&lt;T&gt;'s T, kept readable: no user name is
/// in its scope, and LayerPlanner keeps statistics' property names from being T or Shape.
/// </summary>
internal static class Identifiers
{
    public const string Reserved = "__";

    /// <summary>The generic parameters of the private kernels: the element type, its vector operations and vector type.</summary>
    public const string T = "__T";
    public const string V = "__V";
    public const string TV = "__TV";
    /// <summary>
    /// The element type the tensors (inputs, outputs, their gradients) are stored as: <c>__T</c> itself for the float
    /// and double kernels, <c>System.Half</c> or <c>NormGen.BFloat16</c> for the mixed-precision ones (docs/precision.md).
    /// </summary>
    public const string S = "__S";

    /// <summary>A user's name as a C# identifier: <c>in</c> becomes <c>@in</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A generated identifier: "__" + what it is.</summary>
    public static string Generated(string what) => Reserved + what;

    /// <summary>
    /// A set of axes inside a generated identifier, unambiguously: names joined with '_' when no axis name of the
    /// layer contains '_' (so {ab, c} and {a, bc} differ), else their positions in the Shape.
    /// </summary>
    public static string Axes(AxisTable table, IEnumerable<int> axes)
    {
        bool plain = table.Names.All(n => n.IndexOf('_') < 0);
        return string.Join("_", axes.Select(a => plain ? table.Name(a) : a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The kernel local holding a saved statistic's array: "__saved_mean" for Saved&lt;T&gt;.Mean.</summary>
    public static string SavedBuffer(string stat) => Of("saved", stat);

    /// <summary>
    /// A reduction's running value, named after what it computes: "__sum3_d" is computation 3's sum over d ("__max",
    /// "__min"). The op's letters end where the computation's number starts, so no two computations share a name.
    /// </summary>
    public static string Statistic(ReduceOp op, int index, string axes) =>
        Generated(op.ToString().ToLowerInvariant() + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + axes);

    /// <summary>
    /// An output's gradient (a reverse-mode seed) in the graph, "__dy" for dy, "__dh" for dh: a name no tensor of the user
    /// can have.
    /// </summary>
    public static string SeedOf(string gradient) => Reserved + gradient;

    /// <summary>The gradient a seed stands for ("dh" for "__dh"), or null for any other name.</summary>
    public static string? GradientOfSeed(string name) =>
        name.StartsWith(Reserved + "d", System.StringComparison.Ordinal) ? name.Substring(Reserved.Length) : null;

    /// <summary>
    /// A generated identifier about a buffer or value called <paramref name="name"/>: "__row_x" for the user's x,
    /// "__saved_mean__row" for the generated __saved_mean. The two forms cannot meet: a user name contains no "__",
    /// so "__row_" + a user name ends in "__row" only as "__row__row", and no generated name is a bare "__row".
    /// </summary>
    public static string Of(string role, string name) =>
        name.StartsWith(Reserved, System.StringComparison.Ordinal) ? name + Reserved + role : Reserved + role + "_" + name;
}
