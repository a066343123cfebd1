using System.Globalization;

namespace NormGen.Training;

/// <summary>Command-line options. Without --norm the whole study runs; with it, one configuration.</summary>
public sealed record Options
{
    public string Out { get; init; } = "training-output";
    public string Data { get; init; } = Digits.DefaultPath;
    public TrainingSettings Settings { get; init; } = new();
    public int TestCount { get; init; } = 360;
    public NormKind? Norm { get; init; }
    public IReadOnlyList<NormKind> Norms { get; init; } = Names.All;
    public double LearningRate { get; init; } = Study.BaseLearningRate;
    public double WeightScale { get; init; } = 1;
    public double DataScale { get; init; } = 1;
    public bool Help { get; init; }

    public const string Usage = """
        usage: dotnet run --project samples/NormGen.Training [-- options]

        Without --norm: trains every configuration of the study (docs/training.md), prints one line per epoch per
        experiment and the results table, and writes results.md, results.csv and the PNG plots to --out.

          --out DIR            output folder (default: training-output; --out docs/training regenerates the docs)
          --data FILE          digits.csv.gz (default: the copy next to the program, from samples/NormGen.Training/data)
          --epochs N           epochs per run (default 15)
          --seed N             initialisation, split and batch-order seed (default 1)
          --threads N          runs trained at once (default: the core count; results do not depend on it)
          --norms LIST         comma-separated subset of none,bn,ln,rms,wn,cn for the study (default: all)
          --eps X              eps of BatchNorm, LayerNorm and RMSNorm (default: the formula's, 1e-5, 1e-5, 1e-6)

        One configuration instead of the study:
          --norm NAME          none, bn, ln, rms, wn or cn
          --lr X               learning rate (default 0.1; SGD, momentum 0.9, batch 64)
          --weight-scale X     multiply the weights feeding the norm by X at initialisation (default 1)
          --data-scale X       multiply the input pixels by X (default 1)

        Exit codes: 0 done, 2 bad option, 3 bad data file, 4 the loss stopped being finite (--norm runs).
        """;

    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        var s = o.Settings;
        for (int k = 0; k < args.Count; k++)
        {
            string name = args[k];
            string Value() => k + 1 < args.Count ? args[++k] : throw Bad($"option {name} needs a value");
            switch (name)
            {
                case "--help" or "-h": o = o with { Help = true }; break;
                case "--out": o = o with { Out = Value() }; break;
                case "--data": o = o with { Data = Value() }; break;
                case "--epochs": s = s with { Epochs = Int(name, Value(), 1) }; break;
                case "--seed": s = s with { Seed = Int(name, Value(), 0) }; break;
                case "--threads": s = s with { Threads = Int(name, Value(), 1) }; break;
                case "--eps": s = s with { Norms = new NormSettings(Eps: Double(name, Value(), allowZero: true)) }; break;
                case "--norm": o = o with { Norm = ParseNorm(name, Value()) }; break;
                case "--norms": o = o with { Norms = [.. Value().Split(',').Select(v => ParseNorm(name, v))] }; break;
                case "--lr": o = o with { LearningRate = Double(name, Value()) }; break;
                case "--weight-scale": o = o with { WeightScale = Double(name, Value()) }; break;
                case "--data-scale": o = o with { DataScale = Double(name, Value()) }; break;
                default: throw Bad($"unknown option '{name}'");
            }
        }
        return o with { Settings = s };
    }

    private static TrainingException Bad(string message) => new($"{message}; run with --help for the options", ExitCodes.Usage);

    private static int Int(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? v
            : throw Bad($"{name} '{text}' is not an integer >= {min}");

    private static double Double(string name, string text, bool allowZero = false) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && (v > 0 || allowZero && v == 0) ? v
            : throw Bad($"{name} '{text}' is not a {(allowZero ? "non-negative" : "positive")} number");

    private static NormKind ParseNorm(string name, string text) =>
        Names.Parse(text) ?? throw Bad($"{name} '{text}' is not one of none, bn, ln, rms, wn, cn");
}
