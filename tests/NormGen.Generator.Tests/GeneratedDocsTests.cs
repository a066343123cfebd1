using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// The generated public API is what users read in IntelliSense: every public member it declares has a summary,
/// a &lt;param&gt; for each of its parameters (no more, no less), and the public kernels and constructors say what
/// they throw. (The packaging test also builds generated code with GenerateDocumentationFile and warnings as errors.)
/// </summary>
public sealed class GeneratedDocsTests
{
    public static TheoryData<string> Layers => new(DesignLayers.All.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_generated_public_member_documents_itself_its_arguments_and_its_exceptions(string layer)
    {
        string source = DesignLayers.All.Single(l => l.Name == layer).Source;
        var compilation = GeneratorHarness.CreateCompilation(("Layer.cs", source));
        var run = GeneratorHarness.Run(compilation);
        run.AssertDidNotCrash();

        var generated = run.Output.SyntaxTrees.Where(t => !compilation.SyntaxTrees.Contains(t)).ToList();
        Assert.NotEmpty(generated);
        var problems = new List<string>();
        int checkedMembers = 0;
        foreach (var tree in generated)
        {
            var model = run.Output.GetSemanticModel(tree);
            foreach (var member in tree.GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>())
            {
                if (member is BaseNamespaceDeclarationSyntax) continue;
                var symbol = member is BaseFieldDeclarationSyntax field
                    ? model.GetDeclaredSymbol(field.Declaration.Variables[0])
                    : model.GetDeclaredSymbol(member);
                if (symbol is null || !IsPublicApi(symbol)) continue;
                // The layer class itself is the user's partial declaration plus the generated remarks.
                if (symbol is INamedTypeSymbol { ContainingType: null }) continue;
                checkedMembers++;
                problems.AddRange(Check(symbol, member));
            }
        }
        Assert.True(checkedMembers > 10, $"only {checkedMembers} public members found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> Check(ISymbol symbol, MemberDeclarationSyntax member)
    {
        string name = symbol.ToDisplayString();
        var trivia = member.GetLeadingTrivia().Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().FirstOrDefault();
        if (trivia is null)
        {
            yield return $"{name}: no XML doc comment";
            yield break;
        }
        var xml = XElement.Parse("<doc>" + trivia.ToFullString().Replace("///", "") + "</doc>");
        if (string.IsNullOrWhiteSpace(xml.Element("summary")?.Value)) yield return $"{name}: no summary";
        if (symbol is IMethodSymbol method)
        {
            var documented = xml.Elements("param").Select(p => (string)p.Attribute("name")!).ToList();
            var actual = method.Parameters.Select(p => p.Name).ToList();
            if (!documented.SequenceEqual(actual))
                yield return $"{name}: <param> tags [{string.Join(", ", documented)}] but parameters [{string.Join(", ", actual)}]";
            foreach (var p in xml.Elements("param").Where(p => string.IsNullOrWhiteSpace(p.Value)))
                yield return $"{name}: <param name=\"{p.Attribute("name")!.Value}\"> is empty";
            // Everything public that takes arguments validates them; say what it throws.
            if (method.Parameters.Length > 0 && !xml.Elements("exception").Any())
                yield return $"{name}: no <exception> tag";
        }
    }

    private static bool IsPublicApi(ISymbol symbol)
    {
        for (var s = symbol; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
            if (s.DeclaredAccessibility != Accessibility.Public) return false;
        return symbol is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet };
    }
}
