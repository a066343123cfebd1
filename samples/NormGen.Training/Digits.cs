using System.Globalization;
using System.IO.Compression;

namespace NormGen.Training;

/// <summary>A bad data file, an unknown option or a diverged run: reported as one line, never as a stack trace.</summary>
public sealed class TrainingException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Images as rows of <see cref="Digits.Pixels"/> values in [0, 1] (pixel / 16), with their labels.</summary>
public sealed record DataSet(double[] X, int[] Labels)
{
    public int Count => Labels.Length;

    public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * Digits.Pixels, Digits.Pixels);

    /// <summary>The first <paramref name="count"/> examples (used by the shortened test runs).</summary>
    public DataSet Take(int count) => count >= Count ? this
        : new DataSet(X.AsSpan(0, count * Digits.Pixels).ToArray(), Labels.AsSpan(0, count).ToArray());
}

/// <summary>
/// The UCI optical recognition of handwritten digits test set as scikit-learn ships it (data/digits.csv.gz):
/// 1797 lines of 64 pixel counts 0..16 (an 8x8 image) and the label 0..9, comma-separated.
/// </summary>
public static class Digits
{
    public const int Pixels = 64, Classes = 10, MaxPixel = 16;

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz");

    /// <summary>Reads and checks every line; a missing, unreadable or malformed file is a <see cref="TrainingException"/>.</summary>
    public static DataSet Load(string path)
    {
        if (!File.Exists(path))
            throw new TrainingException($"data file not found: {path} (expected scikit-learn's digits.csv.gz; see samples/NormGen.Training/data/README.md)", ExitCodes.Data);
        var x = new List<double>();
        var labels = new List<int>();
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            int lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0) continue;
                ParseLine(line, lineNumber, path, x, labels);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new TrainingException($"cannot read data file {path}: {e.Message} (expected a gzip-compressed CSV)", ExitCodes.Data);
        }
        if (labels.Count == 0)
            throw new TrainingException($"data file {path} holds no images", ExitCodes.Data);
        return new DataSet(x.ToArray(), labels.ToArray());
    }

    private static void ParseLine(string line, int lineNumber, string path, List<double> x, List<int> labels)
    {
        var fields = line.Split(',');
        if (fields.Length != Pixels + 1)
            throw new TrainingException($"data file {path}, line {lineNumber}: {fields.Length} fields, expected {Pixels} pixels and a label", ExitCodes.Data);
        for (int i = 0; i <= Pixels; i++)
        {
            int max = i == Pixels ? Classes - 1 : MaxPixel;
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || value != Math.Floor(value) || value < 0 || value > max)
                throw new TrainingException($"data file {path}, line {lineNumber}, field {i + 1}: '{fields[i]}' is not an integer in 0..{max}", ExitCodes.Data);
            if (i == Pixels) labels.Add((int)value);
            else x.Add(value / MaxPixel);
        }
    }

    /// <summary>A seeded shuffle, then the first <paramref name="testCount"/> images are the test set.</summary>
    public static (DataSet Train, DataSet Test) Split(DataSet all, int testCount, int seed)
    {
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Random(seed).Shuffle(order);
        DataSet Pick(ReadOnlySpan<int> rows)
        {
            var x = new double[rows.Length * Pixels];
            var labels = new int[rows.Length];
            for (int k = 0; k < rows.Length; k++)
            {
                all.Row(rows[k]).CopyTo(x.AsSpan(k * Pixels));
                labels[k] = all.Labels[rows[k]];
            }
            return new DataSet(x, labels);
        }
        return (Pick(order.AsSpan(testCount)), Pick(order.AsSpan(0, testCount)));
    }
}

public static class ExitCodes
{
    public const int Usage = 2, Data = 3, Diverged = 4;
}
