using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Emit;
using NormGen.Generator.Model;

namespace NormGen.Generator.Parsing;

/// <summary>
/// The names a formula may use. Every identifier the generator invents starts with "__" (see Emit/Identifiers),
/// so user names containing "__" are reserved (NG0015, as the C# specification reserves them for the
/// implementation); C# keywords are fine (emitted as @in). The public API the generator writes is made of the
/// user's names, a few fixed ones (s, y, dy, saved, training, shape) and names derived from the user's (dgamma,
/// Gamma, GammaGrad): each name that would make two of these equal gets one NG0016 at the name, naming the clash.
/// </summary>
internal static class NameRules
{
    /// <summary>Members every class has, which the user may override or hide without touching generated code.</summary>
    private static readonly string[] s_objectMembers = ["Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals"];

    /// <summary>Members of the layer class the generator writes itself, or that every class has.</summary>
    private static readonly string[] s_fixedMembers = GeneratedMembers.Types.Concat(GeneratedMembers.Methods).Concat(s_objectMembers).ToArray();

    /// <summary>Members of the generated record struct Shape besides the axes.</summary>
    private static readonly string[] s_shapeMembers =
    [
        "Shape", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals", "PrintMembers",
    ];

    public static void Check(string className, FormulaMethod method, IReadOnlyList<FormulaParameter> parameters,
        IReadOnlyList<LocalBinding> locals, IEnumerable<(string Axes, LocationInfo? Location)> axisLists, bool hasRunning,
        EquatableArray<UserMember> userMembers, ParseContext parse, EquatableArray<FormulaOutput> outputs = default)
    {
        var identifiers = method.Symbol.Parameters.Select(p => p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(parse.CancellationToken))
            .OfType<ParameterSyntax>().ToDictionary(p => p.Identifier.ValueText, p => LocationInfo.From(p.Identifier.GetLocation()), StringComparer.Ordinal);
        LocationInfo? At(FormulaParameter p) => identifiers.TryGetValue(p.Name, out var l) ? l : p.Location;

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (IsReserved(p.Name) && reported.Add(p.Name)) parse.Report(DiagnosticDescriptors.ReservedName, At(p), p.Name);
        }
        foreach (var local in locals)
        {
            if (!IsReserved(local.Name) || !reported.Add(local.Name)) continue;
            var declarator = method.Syntax.DescendantNodes().OfType<VariableDeclaratorSyntax>().FirstOrDefault(d => d.Identifier.ValueText == local.Name);
            parse.Report(DiagnosticDescriptors.ReservedName, declarator is null ? local.Location : LocationInfo.From(declarator.Identifier.GetLocation()), local.Name);
        }
        var axes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, location) in axisLists)
        {
            var list = AxisList.Parse(text, out _);
            if (list is null) continue;
            foreach (var axis in list.Names)
            {
                axes.Add(axis);
                if (IsReserved(axis) && reported.Add(axis)) parse.Report(DiagnosticDescriptors.ReservedName, location, axis);
                else if (s_shapeMembers.Contains(axis) && reported.Add(axis))
                    parse.Report(DiagnosticDescriptors.NameCollision, location, axis, $"the generated Shape already has a member '{axis}'");
            }
        }

        // Formula order: a name clashes with something fixed or with an earlier parameter, and is reported there.
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ApiNames.Shape] = $"the Shape parameter '{ApiNames.Shape}' of the generated Forward and Backward",
            [ApiNames.Saved] = $"the Saved<T> parameter '{ApiNames.Saved}' of the generated Forward and Backward",
        };
        // One output is y (its gradient dy); a tuple's outputs take their own names, checked after the parameters.
        if (outputs.Count == 0)
        {
            arguments[ApiNames.Output] = $"the output parameter '{ApiNames.Output}' of the generated Forward";
            arguments[ApiNames.OutputGradient] = $"the output gradient parameter '{ApiNames.OutputGradient}' of the generated Backward";
        }
        if (hasRunning) arguments[ApiNames.Training] = $"the parameter '{ApiNames.Training}' of the generated Forward and Backward of a layer with Running(...)";
        var members = s_fixedMembers.ToDictionary(m => m, m => $"the generated member '{m}' of {className}", StringComparer.Ordinal);
        members[className] = $"the class name '{className}'";
        if (hasRunning) members["Training"] = $"the generated property 'Training' of {className}";

        // The formula method is a member of the class too: a generated type or property under its name is CS0102
        // (an overload of a generated method is fine: the user's takes Expr arguments, no generated one does).
        var methodName = method.Symbol.Name;
        if (!GeneratedMembers.Methods.Contains(methodName) && !s_objectMembers.Contains(methodName) && members.TryGetValue(methodName, out var taken))
        {
            parse.Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(method.Syntax.Identifier.GetLocation()), methodName,
                $"the formula method would have the same name as {taken}");
            return;
        }
        if (!members.ContainsKey(methodName)) members[methodName] = $"the formula method '{methodName}'";

        foreach (var p in parameters)
        {
            if (reported.Contains(p.Name)) continue;
            string own = p.Role == ParameterRole.Hyper ? $"hyper-parameter '{p.Name}'" : $"parameter '{p.Name}'";
            var claims = new List<(Dictionary<string, string> Scope, string Name, string What)>();
            claims.Add((arguments, p.Name, own));
            if (p.Role != ParameterRole.Hyper) claims.Add((arguments, ApiNames.Gradient(p.Name), $"the gradient '{ApiNames.Gradient(p.Name)}' of {own}"));
            if (p.Role != ParameterRole.Input) claims.Add((members, Pascal(p.Name), $"the property '{Pascal(p.Name)}' generated for {own}"));
            if (p.Role == ParameterRole.Param) claims.Add((members, Pascal(p.Name) + "Grad", $"the property '{Pascal(p.Name)}Grad' generated for {own}"));

            string? clash = null;
            foreach (var (scope, name, what) in claims)
            {
                if (scope.TryGetValue(name, out var earlier)) { clash = $"{what} would have the same name as {earlier}"; break; }
            }
            if (clash is null && p.Role == ParameterRole.Input && p.Name == "shape")
                clash = "the stateful layer's Forward already has a parameter 'shape'";
            if (clash is null && p.Role == ParameterRole.Hyper && axes.Contains(p.Name))
                clash = $"the generated constructor of {className} takes axis '{p.Name}' and the hyper-parameter under the same name";
            if (clash is not null)
            {
                parse.Report(DiagnosticDescriptors.NameCollision, At(p), p.Name, clash);
                continue;
            }
            foreach (var (scope, name, what) in claims) scope[name] = what;
        }
        CheckOutputs(outputs, arguments, parse);
        foreach (var member in userMembers)
        {
            // Named like the formula method or the class, it is the user's own C# error (or an overload).
            if (member.Name == methodName || member.Name == className) continue;
            if (Collision(member, members) is { } generated)
                parse.Report(DiagnosticDescriptors.NameCollision, member.Location, member.Name, $"this member of the partial class would have the same name as {generated}");
        }
    }

    /// <summary>
    /// A tuple's outputs are arguments of the generated Forward (h) and, as gradients, of Backward (dh), beside the
    /// parameters and their gradients: each clash is one NG0016 at the output's name in the return type.
    /// </summary>
    private static void CheckOutputs(EquatableArray<FormulaOutput> outputs, Dictionary<string, string> arguments, ParseContext parse)
    {
        foreach (var output in outputs)
        {
            if (IsReserved(output.Name))
            {
                parse.Report(DiagnosticDescriptors.ReservedName, output.Location, output.Name);
                continue;
            }
            string own = $"output '{output.Name}'", gradient = FormulaOutputs.GradientOf(output.Name);
            var claims = new[]
            {
                (output.Name, own),
                (gradient, $"the gradient '{gradient}' of {own}"),
            };
            string? clash = null;
            foreach (var (name, what) in claims)
            {
                if (arguments.TryGetValue(name, out var earlier)) { clash = $"{what} would have the same name as {earlier}"; break; }
            }
            // The stateful layer's Forward takes the Shape as 'shape' beside its inputs and outputs.
            if (clash is null && output.Name == "shape") clash = "the stateful layer's Forward already has a parameter 'shape'";
            if (clash is not null)
            {
                parse.Report(DiagnosticDescriptors.NameCollision, output.Location, output.Name, clash);
                continue;
            }
            foreach (var (name, what) in claims) arguments[name] = what;
        }
    }

    /// <summary>
    /// The user's other members of the partial class (every part of it), as plain values: the generated members must
    /// not take their names, nor a method's or constructor's parameter list. Object's members (ToString) are the
    /// user's to override and never generated.
    /// </summary>
    public static EquatableArray<UserMember> UserMembers(FormulaMethod method)
    {
        var layer = method.Symbol.ContainingType;
        return layer.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared && !SymbolEqualityComparer.Default.Equals(m, method.Symbol) && !s_objectMembers.Contains(m.Name))
            .Where(m => m is not IMethodSymbol { MethodKind: not MethodKind.Ordinary } || m is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false })
            .Select(m => new UserMember(m.Name, m.Kind == SymbolKind.Method,
                m.Locations.FirstOrDefault(l => l.IsInSource) is { } l ? LocationInfo.From(l) : null)
            {
                Parameters = m is IMethodSymbol methodSymbol ? Signature(methodSymbol, layer) : EquatableArray<string>.Empty,
            })
            .OrderBy(m => m.Location?.FilePath, StringComparer.Ordinal).ThenBy(m => m.Location?.Span.Start)
            .ToEquatableArray();
    }

    /// <summary>
    /// A method's parameter types as <see cref="Emit.ApiShape.StatefulSignatures"/> writes the generated ones. The
    /// generated Shape does not exist yet when the user's code is analysed, so a parameter of type Shape is an error
    /// type of that name (or, on a rerun, the nested type). A generic method or a ref/out/in parameter never matches.
    /// </summary>
    private static EquatableArray<string> Signature(IMethodSymbol method, INamedTypeSymbol layer)
    {
        string Spelled(IParameterSymbol p)
        {
            string type = p.Type switch
            {
                { SpecialType: SpecialType.System_Int32 } => GeneratedMembers.IntType,
                { SpecialType: SpecialType.System_Single } => GeneratedMembers.FloatType,
                INamedTypeSymbol { Name: GeneratedMembers.Shape, Arity: 0 } t
                    when t.TypeKind == TypeKind.Error || SymbolEqualityComparer.Default.Equals(t.ContainingType, layer) => GeneratedMembers.Shape,
                _ => p.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
            };
            return p.RefKind == RefKind.None ? type : p.RefKind + " " + type;
        }
        var parameters = method.Parameters.Select(Spelled);
        return (method.Arity == 0 ? parameters : parameters.Prepend("generic arity " + method.Arity)).ToEquatableArray();
    }

    /// <summary>
    /// NG0016 at each user method or constructor whose parameter list is exactly that of a generated one of the same
    /// name (<paramref name="generated"/>, known once the IR fixes the stateful layer's axes): C# would report the
    /// duplicate (CS0111) in the generated file. Overloads with other parameters are fine.
    /// </summary>
    public static IEnumerable<DiagnosticInfo> SignatureCollisions(string className, EquatableArray<UserMember> members,
        IEnumerable<(string Name, ImmutableArray<string> Parameters)> generated)
    {
        var signatures = generated.ToList();
        foreach (var member in members.Where(m => m.IsMethod))
        {
            if (!signatures.Any(g => g.Name == member.Name && g.Parameters.SequenceEqual(member.Parameters))) continue;
            string parameters = string.Join(", ", member.Parameters.Select(t => t.Replace("System.", "")));
            string name = member.Name == GeneratedMembers.Constructor ? className : member.Name;
            string what = member.Name == GeneratedMembers.Constructor ? "the generated constructor" : $"the generated method '{member.Name}'";
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, member.Location, $"{name}({parameters})",
                $"{what} of {className} has the same parameters");
        }
    }

    /// <summary>
    /// What generated member a user's member would duplicate (one NG0016 at the user's member, since renaming either
    /// fixes it); a method beside a generated method of its name is an overload, since the generated ones take spans.
    /// </summary>
    public static string? Collision(UserMember member, IReadOnlyDictionary<string, string> generated) =>
        member.IsMethod && GeneratedMembers.Methods.Contains(member.Name) ? null
        : generated.TryGetValue(member.Name, out var what) ? what : null;

    /// <summary>The stateful layer's property for a parameter: gamma -> Gamma.</summary>
    public static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);

    private static bool IsReserved(string name) => name.IndexOf("__", StringComparison.Ordinal) >= 0;
}
