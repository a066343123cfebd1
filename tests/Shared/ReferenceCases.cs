using System.Text.Json;

namespace NormGen.Tests.Reference;

/// <summary>A tensor of a reference case: its PyTorch shape and row-major float64 data.</summary>
public sealed record ReferenceTensor(int[] Shape, double[] Data)
{
    /// <summary>The data rounded to float32, as a float kernel receives it.</summary>
    public float[] Floats() => Array.ConvertAll(Data, d => (float)d);
}

/// <summary>One case of <c>pytorch-normalizations.json</c>: an op, its attributes, its inputs (with <c>dy</c>) and PyTorch's outputs.</summary>
public sealed class ReferenceCase
{
    private readonly JsonElement _attrs;

    internal ReferenceCase(JsonElement json)
    {
        Name = json.GetProperty("name").GetString()!;
        Op = json.GetProperty("op").GetString()!;
        _attrs = json.GetProperty("attrs").Clone();
        Inputs = Tensors(json.GetProperty("inputs"));
        Outputs = Tensors(json.GetProperty("outputs"));
    }

    public string Name { get; }
    public string Op { get; }
    public IReadOnlyDictionary<string, ReferenceTensor> Inputs { get; }

    /// <summary><c>y</c>, the gradients <c>d&lt;input&gt;</c>, and for batch_norm the running buffers after the step.</summary>
    public IReadOnlyDictionary<string, ReferenceTensor> Outputs { get; }

    public ReferenceTensor X => Input("x");
    public ReferenceTensor Dy => Input("dy");

    public double Eps => Number("eps");
    public double Momentum => Number("momentum");
    public bool Training => Flag("training");
    public int Groups => (int)Number("groups");
    public int NormalizedDims => (int)Number("normalized_dims");

    /// <summary>layer_norm's <c>affine</c>; true when the case does not say, as in PyTorch.</summary>
    public bool Affine => !_attrs.TryGetProperty("affine", out var a) || a.GetBoolean();

    public ReferenceTensor Input(string name) =>
        Inputs.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"Reference case {Name} has no input '{name}'.");

    public ReferenceTensor Output(string name) =>
        Outputs.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"Reference case {Name} has no output '{name}'.");

    public double Number(string name) => Attr(name).GetDouble();

    public bool Flag(string name) => Attr(name).GetBoolean();

    public override string ToString() => Name;

    private JsonElement Attr(string name) =>
        _attrs.TryGetProperty(name, out var a) ? a : throw new KeyNotFoundException($"Reference case {Name} has no attribute '{name}'.");

    private static Dictionary<string, ReferenceTensor> Tensors(JsonElement json) =>
        json.EnumerateObject().ToDictionary(
            p => p.Name,
            p => new ReferenceTensor(
                p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                p.Value.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray()));
}

/// <summary>
/// The PyTorch float64 reference cases, <c>tests/data/pytorch/pytorch-normalizations.json</c> in the repository
/// (how they were produced: tests/data/pytorch/README.md). Each test project that links this file copies the
/// JSON beside its assembly (tests/Shared/PyTorchReference.props), so the cases load from the test output alone.
/// </summary>
public static class ReferenceCases
{
    private const string FileName = "pytorch-normalizations.json";
    private static readonly Lazy<IReadOnlyList<ReferenceCase>> s_all = new(Load);

    public static IReadOnlyList<ReferenceCase> All => s_all.Value;

    public static IEnumerable<ReferenceCase> ForOp(string op) => All.Where(c => c.Op == op);

    public static ReferenceCase Named(string name) =>
        All.SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No reference case named '{name}' in {FileName}.");

    /// <summary>Case names for an xunit <c>[MemberData]</c>, one row per case.</summary>
    public static TheoryData<string> Names(string? op = null) => new((op is null ? All : ForOp(op)).Select(c => c.Name));

    /// <summary>The copy beside the test assembly (data/pytorch/, linked from tests/data/pytorch/).</summary>
    public static string FilePath
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "data", "pytorch", FileName);
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException(
                    $"The PyTorch reference cases are missing: expected {path}, copied from tests/data/pytorch/ by tests/Shared/PyTorchReference.props.", path);
        }
    }

    private static IReadOnlyList<ReferenceCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FilePath));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(c)).ToArray();
    }
}
