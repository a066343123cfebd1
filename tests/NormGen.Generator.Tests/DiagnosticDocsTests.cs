using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NormGen.Generator.Diagnostics;
using NormGen.Generator.Tests.Infrastructure;

namespace NormGen.Generator.Tests;

/// <summary>
/// docs/diagnostics.md and the descriptors stay one-to-one: the descriptors are found by reflection, so a new NG code
/// fails here until it has its section, each descriptor's help link points at its own section, and each section's
/// example, compiled with the generator, reports exactly that section's code.
/// </summary>
public sealed partial class DiagnosticDocsTests
{
    private static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    private static string Docs => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));

    [Fact]
    public void Every_descriptor_has_a_section_and_every_section_a_descriptor()
    {
        Assert.True(Descriptors.Count >= 15, $"found only {Descriptors.Count} descriptors by reflection");
        var sections = Section().Matches(Docs).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(sections.Distinct().Count(), sections.Count);
        Assert.Equal(Descriptors.Select(d => d.Id).Order(StringComparer.Ordinal), sections.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_help_link_points_to_its_section()
    {
        foreach (var d in Descriptors)
        {
            Assert.Equal("docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
            // GitHub and most Markdown renderers derive the anchor "#ng0001" from the heading "## NG0001".
            Assert.Matches(new Regex("^## " + d.Id + "$", RegexOptions.Multiline), Docs);
        }
    }

    [Fact]
    public void Every_section_names_its_title_and_gives_the_message_and_the_fix()
    {
        string docs = Docs;
        foreach (var d in Descriptors)
        {
            string section = SectionOf(docs, d.Id);
            Assert.Contains("**" + d.Title + ".**", section, StringComparison.Ordinal);
            Assert.Contains("**Message:**", section, StringComparison.Ordinal);
            Assert.Contains("**Fix:**", section, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> Examples => new(Descriptors.Select(d => d.Id).Where(id => id != "NG0099"));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_sections_example_reports_exactly_its_code(string id)
    {
        var example = Example().Match(SectionOf(Docs, id));
        Assert.True(example.Success, $"{id}: no ```csharp example");
        var run = GeneratorHarness.Run(GeneratorHarness.Usings + example.Groups["code"].Value);
        run.AssertDidNotCrash();
        Assert.Equal([id], run.Diagnostics.Select(d => d.Id).Distinct());

        // The documented message is the example's, whole, or its fixed start where the section says "followed by".
        var message = Message().Match(SectionOf(Docs, id));
        Assert.True(message.Success, $"{id}: no **Message:** `...`");
        string actual = run.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (message.Groups["rest"].Value.Contains("followed by", StringComparison.Ordinal))
            Assert.StartsWith(message.Groups["text"].Value, actual, StringComparison.Ordinal);
        else
            Assert.Equal(message.Groups["text"].Value, actual);
    }

    private static string SectionOf(string docs, string id)
    {
        int start = docs.IndexOf("## " + id + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        int end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? docs[start..] : docs[start..end];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NormGen.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("No NormGen.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\*\*Message:\*\* `(?<text>[^`]*)`(?<rest>[^\n]*(\n[^\n]+)*)")]
    private static partial Regex Message();

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();

    [GeneratedRegex(@"^## (?<id>NG\d{4})$", RegexOptions.Multiline)]
    private static partial Regex Section();
}
