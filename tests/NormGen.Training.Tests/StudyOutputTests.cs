using NormGen.Training;

namespace NormGen.Training.Tests;

public sealed class StudyOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("normgen-training-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_study_prints_a_line_per_epoch_and_writes_the_table_csv_and_plots()
    {
        var log = new StringWriter();
        // One norm, one epoch: every experiment that applies to it and every plot, in a few seconds.
        int code = App.Run(["--norms", "cn", "--epochs", "1", "--out", _folder], log);
        Assert.Equal(0, code);
        string text = log.ToString();
        int experiments = Study.Define([NormKind.CosineNorm]).Count(e => e.Runs.Count > 0); // eps-zero has none
        Assert.Equal(experiments, text.Split('\n').Count(l => l.StartsWith("  epoch  1/1  ")));
        Assert.Contains("| weight-scale | CosineNorm | 100 | 1 | 0.1 |", File.ReadAllText(Path.Combine(_folder, "results.md")));
        Assert.True(File.ReadAllLines(Path.Combine(_folder, "results.csv")).Length > 10);
        foreach (var png in new[] { "weight-scale.png", "gradient-norms.png", "effective-step.png", "data-scale.png", "learning-rate.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(_folder, png));
            Assert.True(bytes.Length > 10_000, $"{png}: {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }
}
