using System.Reflection;
using BenchmarkDotNet.Attributes;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Benchmarks;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Tests.Shared;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// Runs every [Benchmark] method of every benchmark class once, on small shapes (odd sizes for the scalar
/// tails, several blocks for the blocked kernels), and checks that each implementation writes what the naive
/// scalar kernel writes. Nothing is timed. A method the lead turns on later ([Benchmark] on Generated) is
/// checked the same way without touching this file.
/// </summary>
public sealed class BenchmarkMethodsTests
{
    private const double Tolerance = 1e-4;

    internal static readonly Dictionary<string, Func<NormBenchmark>> Cases = new()
    {
        ["LayerNormForward 3x5"] = () => new LayerNormForward { Shape = new(3, 5) },
        ["LayerNormForward 5x37"] = () => new LayerNormForward { Shape = new(5, 37) },
        ["LayerNormForward 4x256"] = () => new LayerNormForward { Shape = new(4, 256) },
        ["LayerNormBackward 3x5"] = () => new LayerNormBackward { Shape = new(3, 5) },
        ["LayerNormBackward 5x37"] = () => new LayerNormBackward { Shape = new(5, 37) },
        ["LayerNormBackward 4x256"] = () => new LayerNormBackward { Shape = new(4, 256) },
        ["RmsNormForward 3x5"] = () => new RmsNormForward { Shape = new(3, 5) },
        ["RmsNormForward 5x37"] = () => new RmsNormForward { Shape = new(5, 37) },
        ["RmsNormForward 4x256"] = () => new RmsNormForward { Shape = new(4, 256) },
        ["RmsNormBackward 3x5"] = () => new RmsNormBackward { Shape = new(3, 5) },
        ["RmsNormBackward 5x37"] = () => new RmsNormBackward { Shape = new(5, 37) },
        ["RmsNormBackward 4x256"] = () => new RmsNormBackward { Shape = new(4, 256) },
        ["BatchNorm2dForward NCHW 2x5x3x3"] = () => new BatchNorm2dForward { Shape = new(2, 5, 3, 3), Layout = ImageLayout.Nchw },
        ["BatchNorm2dForward NHWC 2x5x3x3"] = () => new BatchNorm2dForward { Shape = new(2, 5, 3, 3), Layout = ImageLayout.Nhwc },
        ["BatchNorm2dForward NCHW 4x20x10x10"] = () => new BatchNorm2dForward { Shape = new(4, 20, 10, 10), Layout = ImageLayout.Nchw },
        ["BatchNorm2dForward NHWC 4x20x10x10"] = () => new BatchNorm2dForward { Shape = new(4, 20, 10, 10), Layout = ImageLayout.Nhwc },
        ["BatchNorm2dBackward NCHW 2x5x3x3"] = () => new BatchNorm2dBackward { Shape = new(2, 5, 3, 3), Layout = ImageLayout.Nchw },
        ["BatchNorm2dBackward NHWC 2x5x3x3"] = () => new BatchNorm2dBackward { Shape = new(2, 5, 3, 3), Layout = ImageLayout.Nhwc },
        ["BatchNorm2dBackward NCHW 4x20x10x10"] = () => new BatchNorm2dBackward { Shape = new(4, 20, 10, 10), Layout = ImageLayout.Nchw },
        ["BatchNorm2dBackward NHWC 4x20x10x10"] = () => new BatchNorm2dBackward { Shape = new(4, 20, 10, 10), Layout = ImageLayout.Nhwc },
        ["GroupNormForward 2x16x3x5 g8"] = () => new GroupNormForward { Shape = new(2, 16, 3, 5), Groups = 8 },
        ["GroupNormForward 3x12x6x6 g4"] = () => new GroupNormForward { Shape = new(3, 12, 6, 6), Groups = 4 },
        ["GroupNormBackward 2x16x3x5 g8"] = () => new GroupNormBackward { Shape = new(2, 16, 3, 5), Groups = 8 },
        ["GroupNormBackward 3x12x6x6 g4"] = () => new GroupNormBackward { Shape = new(3, 12, 6, 6), Groups = 4 },
        ["InstanceNormForward 2x5x3x3"] = () => new InstanceNormForward { Shape = new(2, 5, 3, 3) },
        ["InstanceNormForward 2x6x8x9"] = () => new InstanceNormForward { Shape = new(2, 6, 8, 9) },
        ["InstanceNormBackward 2x5x3x3"] = () => new InstanceNormBackward { Shape = new(2, 5, 3, 3) },
        ["InstanceNormBackward 2x6x8x9"] = () => new InstanceNormBackward { Shape = new(2, 6, 8, 9) },
        ["DyTForward 3x5"] = () => new DyTForward { Shape = new(3, 5) },
        ["DyTForward 5x37"] = () => new DyTForward { Shape = new(5, 37) },
        ["DyTBackward 3x5"] = () => new DyTBackward { Shape = new(3, 5) },
        ["DyTBackward 5x37"] = () => new DyTBackward { Shape = new(5, 37) },
    };

    /// <summary>Classes PyTorch 1.13 has no op for (DyT is from 2025): no Aten row.</summary>
    private static readonly string[] WithoutAten = [nameof(DyTForward), nameof(DyTBackward)];

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    internal static IEnumerable<MethodInfo> BenchmarkMethods(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null);

    internal static bool IsAten(MethodInfo m) => m.Name.StartsWith("Aten", StringComparison.Ordinal);

    /// <summary>The modern baselines (LibTorch, ONNX Runtime): checked by ModernBaselineTests, where they load.</summary>
    internal static bool IsModern(MethodInfo m) => m.Name.StartsWith("LibTorch", StringComparison.Ordinal) || m.Name.StartsWith("Ort", StringComparison.Ordinal);

    [Fact]
    public void DyTForwardAddsTheL2ShapeOnlyWhenNamed()
    {
        RowShape issue = new(4096, 1024), l2 = new(64, 1024);
        Assert.Equal([issue], DyTForward.Candidates(null));
        Assert.Equal([issue], DyTForward.Candidates("4096x1024"));
        Assert.Equal([issue, l2], DyTForward.Candidates("4096x1024, 64x1024"));
        Assert.Equal([issue, l2], DyTForward.Candidates("64x1024"));
    }

    [Fact]
    public void EveryBenchmarkClassHasCases()
    {
        var classes = typeof(NormBenchmark).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(NormBenchmark).IsAssignableFrom(t))
            .Select(t => t.Name)
            .ToHashSet();
        var covered = Cases.Values.Select(f => f().GetType().Name).ToHashSet();
        Assert.Empty(classes.Except(covered));
    }

    [Fact]
    public void EveryClassHasTheBaselinesTheIssueAsksFor()
    {
        foreach (var type in typeof(NormBenchmark).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(NormBenchmark).IsAssignableFrom(t)))
        {
            var names = BenchmarkMethods(type).ToDictionary(m => m.Name);
            Assert.True(names.ContainsKey("Simd") && names["Simd"].GetCustomAttribute<BenchmarkAttribute>()!.Baseline, $"{type.Name}: Simd is the baseline");
            Assert.Contains("Naive", names.Keys);
            Assert.Contains("TensorPrimitives", names.Keys);
            Assert.True(names.ContainsKey("Aten") != WithoutAten.Contains(type.Name), $"{type.Name}: Aten row");
            Assert.Contains("LibTorch", names.Keys); // issue 14: LibTorch 2.10 on every case, forward and backward
            // ... and ONNX Runtime where it has a CPU kernel: the classes the report evaluates target 7 on.
            Assert.True(Report.Analysis.OrtClasses.Contains(type.Name) == names.ContainsKey("Ort"), $"{type.Name}: Ort row and Analysis.OrtClasses disagree");
            Assert.Contains("Copy", names.Keys);
            Assert.NotNull(type.GetMethod("Generated")); // the slot the lead fills in
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void HandWrittenFlavoursAgreeWithNaive(string caseName)
    {
        var bench = Cases[caseName]();
        bench.GlobalSetup();
        try
        {
            var expected = RunNaive(bench);
            foreach (var method in BenchmarkMethods(bench.GetType()).Where(m => m.Name != "Naive" && !IsAten(m) && !IsModern(m)))
                RunAndCompare(bench, method, expected);
        }
        finally
        {
            bench.GlobalCleanup();
        }
    }

    /// <summary>
    /// Target 5 of issue 4, checked exactly rather than through BenchmarkDotNet's MemoryDiagnoser, which counts
    /// every thread's allocations (tiered JIT compiling in the background shows up as a few bytes per call in a short
    /// run). The first call may size the Saved buffers; every call after it allocates nothing on the caller's thread.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GeneratedAllocatesNothingPerCall(string caseName)
    {
        var bench = Cases[caseName]();
        bench.GlobalSetup();
        try
        {
            var generated = (Action)Delegate.CreateDelegate(typeof(Action), bench, bench.GetType().GetMethod("Generated")!);
            generated();
            generated();
            Assert.Equal(0, ThreadAllocations.Of(generated));
        }
        finally
        {
            bench.GlobalCleanup();
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void CopyMovesTheSameBytes(string caseName)
    {
        var bench = Cases[caseName]();
        bench.GlobalSetup();
        try
        {
            bench.Copy();
            var (source, destination) = bench.CopyBuffers;
            Assert.Equal(source.ToArray(), destination.ToArray());
            Assert.Equal(bench.BytesMoved / 2 / sizeof(float), Math.Max(source.Length, 0), tolerance: 8);
        }
        finally
        {
            bench.GlobalCleanup();
        }
    }

    public static TheoryData<string> FloorCaseNames => [.. Cases.Keys.Where(k => Cases[k]() is IHasFloor)];

    /// <summary>
    /// The Floor rows read every input the statistics need and then every input the output needs, and write every output
    /// element: the forward's output is x itself and its statistics sweep sum(x); the backward's dy + x and sum(dy) + sum(dy·x).
    /// </summary>
    [Theory]
    [MemberData(nameof(FloorCaseNames))]
    public void FloorReadsEveryInputTwiceAndWritesEveryOutput(string caseName)
    {
        var bench = Cases[caseName]();
        var floor = (IHasFloor)bench;
        bench.GlobalSetup();
        try
        {
            Poison(floor.FloorOutput);
            bench.GetType().GetMethod("Floor")!.Invoke(bench, null);
            var inputs = floor.FloorInputs.Select(b => b.ToArray()).ToList();
            double sink = inputs.Count == 1
                ? inputs[0].Sum(v => (double)v)
                : inputs[0].Sum(v => (double)v) + inputs[0].Zip(inputs[1], (dy, x) => (double)dy * x).Sum();
            float[] expected = inputs.Count == 1 ? inputs[0] : [.. inputs[0].Zip(inputs[1], (dy, x) => dy + x)];
            Assert.Equal(expected, floor.FloorOutput.ToArray());
            Assert.Equal(sink, floor.FloorSink, tolerance: 1e-3 * inputs.Sum(i => i.Sum(v => Math.Abs((double)v))));
        }
        finally
        {
            bench.GlobalCleanup();
        }
    }

    [Fact]
    public void Only_the_training_BatchNorm_classes_have_a_floor_above_a_copy()
        => Assert.Equal(["BatchNorm2dBackward", "BatchNorm2dForward"],
            typeof(NormBenchmark).Assembly.GetTypes().Where(t => typeof(IHasFloor).IsAssignableFrom(t) && !t.IsInterface).Select(t => t.Name).Order());

    private static void Poison(NativeBuffer buffer) => buffer.Span.Fill(float.NaN);

    internal static Dictionary<string, float[]> RunNaive(NormBenchmark bench)
    {
        bench.ResetOutputs();
        bench.GetType().GetMethod("Naive")!.Invoke(bench, null);
        var outputs = bench.Outputs.ToDictionary(o => o.Name, o => o.Buffer.ToArray());
        foreach (var (name, data) in outputs)
            Assert.True(data.All(float.IsFinite), $"Naive left {name} unwritten or not finite");
        return outputs;
    }

    internal static void RunAndCompare(NormBenchmark bench, MethodInfo method, Dictionary<string, float[]> expected, double tolerance = Tolerance)
    {
        bench.ResetOutputs();
        try
        {
            method.Invoke(bench, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new Xunit.Sdk.XunitException($"{bench.GetType().Name}.{method.Name} threw: {e.InnerException}");
        }
        if (method.GetCustomAttribute<SkipOutputCheckAttribute>() is not null)
            return;
        var skipped = bench.NotWrittenBy(method.Name);
        foreach (var (name, buffer) in bench.Outputs)
        {
            if (!skipped.Contains(name))
                Compare.Close(expected[name], buffer.Span, tolerance, $"{bench.GetType().Name}.{method.Name} {name}");
        }
    }
}
