using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace NormGen.Generator.Tests.Infrastructure;

/// <summary>
/// Walks everything a pipeline model references, through every field, public or not. A symbol, syntax node,
/// location or compilation anywhere in it would keep a whole compilation alive across edits and defeat the
/// incremental cache (its equality is by reference), so a model must hold none.
/// </summary>
internal static class ObjectGraph
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(IOperation), typeof(AttributeData), typeof(SyntaxReference),
    ];

    /// <param name="alsoForbidden">More types the model must not hold (a location as plain values, say).</param>
    public static void AssertHoldsNoCompilerObjects(object? root, string rootName, params Type[] alsoForbidden)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, rootName, visited, s_forbidden.Concat(alsoForbidden).ToArray());
    }

    private static void Walk(object? value, string path, HashSet<object> visited, Type[] forbiddenTypes)
    {
        if (value is null) return;
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string or decimal) return;

        var forbidden = forbiddenTypes.FirstOrDefault(f => f.IsInstanceOfType(value));
        Assert.True(forbidden is null, $"{path} holds a {type.FullName} ({forbidden?.Name})");

        if (!type.IsValueType && !visited.Add(value)) return;

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (var item in items) Walk(item, $"{path}[{index++}]", visited, forbiddenTypes);
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer) continue;
                Walk(field.GetValue(value), $"{path}.{field.Name}", visited, forbiddenTypes);
            }
        }
    }
}
