using System.Text.Json;

namespace NormGen.Benchmarks.Tests;

/// <summary>One case of shared/reference/pytorch-normalizations.json (PyTorch 1.13, float64).</summary>
internal sealed record ReferenceCase(
    string Name,
    string Op,
    JsonElement Attributes,
    IReadOnlyDictionary<string, (int[] Shape, double[] Data)> Inputs,
    IReadOnlyDictionary<string, (int[] Shape, double[] Data)> Outputs)
{
    public override string ToString() => Name;

    public double Attribute(string name) => Attributes.GetProperty(name).GetDouble();

    public bool Flag(string name, bool fallback)
        => Attributes.TryGetProperty(name, out var value) ? value.GetBoolean() : fallback;

    public float[] Input(string name) => Array.ConvertAll(Inputs[name].Data, d => (float)d);

    public int[] Shape(string name) => Inputs[name].Shape;
}

internal static class ReferenceCases
{
    public const string RelativePath = "../shared/reference/pytorch-normalizations.json";

    private static readonly Lazy<IReadOnlyList<ReferenceCase>> All = new(Load);

    public static IEnumerable<ReferenceCase> Op(string op) => All.Value.Where(c => c.Op == op);

    public static ReferenceCase Named(string name) => All.Value.Single(c => c.Name == name);

    /// <summary>The reference file sits beside the repository: &lt;root&gt;/../shared/reference (root holds NormGen.sln).</summary>
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NormGen.sln")))
            {
                string path = Path.GetFullPath(Path.Combine(dir.FullName, RelativePath));
                if (!File.Exists(path))
                    throw new FileNotFoundException($"PyTorch reference cases not found at {path} (expected {RelativePath} from the repository root).", path);
                return path;
            }
        }
        throw new DirectoryNotFoundException("NormGen.sln not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyList<ReferenceCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Locate()));
        var cases = new List<ReferenceCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new ReferenceCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("op").GetString()!,
                c.GetProperty("attrs").Clone(),
                Tensors(c.GetProperty("inputs")),
                Tensors(c.GetProperty("outputs"))));
        }
        return cases;
    }

    private static Dictionary<string, (int[], double[])> Tensors(JsonElement element)
    {
        var result = new Dictionary<string, (int[], double[])>();
        foreach (var property in element.EnumerateObject())
        {
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = property.Value.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            result[property.Name] = (shape, data);
        }
        return result;
    }
}
