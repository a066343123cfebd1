using System.Diagnostics;
using System.IO.Compression;
using NormGen.Training;

namespace NormGen.Training.Tests;

/// <summary>
/// Mistakes a user can make, run through the real program (the NormGen.Training.dll built beside these tests):
/// one "error:" line on stderr that says what is wrong, a nonzero exit code, and no stack trace.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("normgen-training-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_missing_data_file_is_named()
    {
        string path = Path.Combine(_folder, "nowhere.csv.gz");
        var (code, stdout, stderr) = RunProgram("--data", path);
        AssertError(code, stderr, ExitCodes.Data, $"data file not found: {path}");
        Assert.Equal("", stdout);
    }

    [Fact]
    public void A_file_that_is_not_gzip_is_rejected()
    {
        string path = Path.Combine(_folder, "digits.csv.gz");
        File.WriteAllText(path, "0,1,2\n");
        var (code, _, stderr) = RunProgram("--data", path);
        AssertError(code, stderr, ExitCodes.Data, $"cannot read data file {path}");
    }

    [Theory]
    [InlineData("0,1\n", "line 1: 2 fields, expected 64 pixels and a label")]
    [InlineData("x", "line 1, field 1: 'x' is not an integer in 0..16")]
    [InlineData("17", "line 1, field 1: '17' is not an integer in 0..16")]
    [InlineData("label 10", "line 1, field 65: '10' is not an integer in 0..9")]
    [InlineData("", "holds no images")]
    public void A_corrupt_line_is_named_with_its_line_and_field(string corruption, string expected)
    {
        string line = string.Join(",", Enumerable.Repeat("0", 64)) + ",3";
        string content = corruption switch
        {
            "x" or "17" => corruption + line[1..],
            "label 10" => line[..^1] + "10",
            _ => corruption,
        };
        string path = Path.Combine(_folder, "digits.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
            writer.Write(content);
        var (code, _, stderr) = RunProgram("--data", path);
        AssertError(code, stderr, ExitCodes.Data, expected);
    }

    [Theory]
    [InlineData("--learning-rate", "unknown option '--learning-rate'")]
    [InlineData("--epochs", "option --epochs needs a value")]
    [InlineData("--epochs zero", "--epochs 'zero' is not an integer >= 1")]
    [InlineData("--norm groupnorm", "--norm 'groupnorm' is not one of none, bn, ln, rms, wn, cn")]
    [InlineData("--lr -1", "--lr '-1' is not a positive number")]
    public void A_bad_option_is_named(string args, string expected)
    {
        var (code, _, stderr) = RunProgram(args.Split(' '));
        AssertError(code, stderr, ExitCodes.Usage, expected);
        Assert.Contains("--help", stderr);
    }

    [Fact]
    public void A_learning_rate_that_makes_the_loss_NaN_stops_with_the_epoch()
    {
        // WeightNorm at lr 2 overflows to NaN within the first epoch (step 16 of 22 in the full data set).
        var (code, stdout, stderr) = RunProgram("--norm", "wn", "--lr", "2", "--epochs", "3");
        AssertError(code, stderr, ExitCodes.Diverged, "training diverged in epoch 1: training loss NaN at step");
        Assert.Contains("try a smaller --lr", stderr);
        Assert.DoesNotContain("epoch  1/3", stdout); // no progress line for the failed epoch
    }

    [Fact]
    public void Help_lists_the_options_and_succeeds()
    {
        var (code, stdout, stderr) = RunProgram("--help");
        Assert.Equal(0, code);
        Assert.Contains("--out DIR", stdout);
        Assert.Equal("", stderr);
    }

    private static void AssertError(int code, string stderr, int expectedCode, string expectedMessage)
    {
        Assert.Equal(expectedCode, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains(expectedMessage, stderr);
        Assert.DoesNotContain("   at ", stderr); // a stack trace frame
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    private static (int Code, string Stdout, string Stderr) RunProgram(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NormGen.Training.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the program did not finish within 60 s");
        return (process.ExitCode, stdout.Result, stderr);
    }
}
