using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NormGen.Generator.Diagnostics;

namespace NormGen.Generator.Tests;

/// <summary>
/// docs/diagnostics.md and the descriptors stay one-to-one: the descriptors are found by reflection, so a new NG code
/// fails here until it has its section, and each descriptor's help link points at its own section.
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
            int start = docs.IndexOf("## " + d.Id + "\n", StringComparison.Ordinal);
            int end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? docs[start..] : docs[start..end];
            Assert.Contains("**" + d.Title + ".**", section, StringComparison.Ordinal);
            Assert.Contains("**Message:**", section, StringComparison.Ordinal);
            Assert.Contains("**Fix:**", section, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NormGen.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("No NormGen.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^## (?<id>NG\d{4})$", RegexOptions.Multiline)]
    private static partial Regex Section();
}
