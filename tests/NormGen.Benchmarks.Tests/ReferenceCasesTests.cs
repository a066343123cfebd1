using NormGen.Benchmarks.Aten;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Tests.Reference;

namespace NormGen.Benchmarks.Tests;

/// <summary>
/// Every baseline flavour against PyTorch's float64 reference cases (tests/data/pytorch): forward outputs,
/// updated running buffers, dx and parameter gradients of sum(y * dy). float32 is held to 1e-4 of each
/// output's largest magnitude (1e-3 for layer_norm_large_offset, as the reference README says).
/// BatchNorm baselines are training-mode kernels, so batch_norm cases with training=false are left out.
/// </summary>
public sealed class ReferenceCasesTests
{
    private static readonly string[] CSharpRowFlavours = ["Naive", "Simd", "TensorPrimitives"];
    private static readonly string[] CSharpImageFlavours = ["Naive", "Simd", "TensorPrimitives"];
    private static readonly string[] CSharpBatchFlavours = ["Naive-NCHW", "Naive-NHWC", "Simd-NCHW", "Simd-NHWC", "TensorPrimitives-NCHW", "TensorPrimitives-NHWC"];

    public static TheoryData<string, string> CSharpCases => Cases(CSharpRowFlavours, CSharpImageFlavours, CSharpBatchFlavours);

    public static TheoryData<string, string> AtenCases => Cases(["Aten"], ["Aten"], ["Aten-NCHW", "Aten-NHWC"]);

    private static TheoryData<string, string> Cases(string[] row, string[] image, string[] batch)
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ReferenceCases.ForOp("layer_norm").Concat(ReferenceCases.ForOp("rms_norm")))
            foreach (var f in row)
                data.Add(c.Name, f);
        foreach (var c in ReferenceCases.ForOp("batch_norm").Where(c => c.Training))
            foreach (var f in batch)
                data.Add(c.Name, f);
        foreach (var c in ReferenceCases.ForOp("group_norm").Concat(ReferenceCases.ForOp("instance_norm")))
            foreach (var f in image)
                data.Add(c.Name, f);
        return data;
    }

    [Fact]
    public void TheReferenceHasTheCasesThisSuiteNeeds()
    {
        Assert.NotEmpty(ReferenceCases.ForOp("layer_norm"));
        Assert.Contains(ReferenceCases.ForOp("batch_norm"), c => c.Training);
        Assert.NotEmpty(ReferenceCases.ForOp("group_norm"));
        Assert.NotEmpty(ReferenceCases.ForOp("instance_norm"));
        Assert.NotEmpty(ReferenceCases.ForOp("rms_norm"));
    }

    [Theory]
    [MemberData(nameof(CSharpCases))]
    public void CSharpBaselineMatchesPyTorch(string caseName, string flavour) => Check(caseName, flavour);

    /// <summary>The Aten flavour is checked by NormGen.Benchmarks.AtenTests, a process of its own (TorchLibraries).</summary>
    internal static void Check(string caseName, string flavour)
    {
        var c = ReferenceCases.Named(caseName);
        var actual = c.Op switch
        {
            "layer_norm" => LayerNorm(c, flavour),
            "rms_norm" => RmsNorm(c, flavour),
            "batch_norm" => BatchNorm(c, flavour),
            "group_norm" => GroupNorm(c, flavour, (int)c.Number("groups")),
            "instance_norm" => GroupNorm(c, flavour, groups: c.Input("x").Shape[1], instance: true),
            _ => throw new InvalidOperationException(c.Op),
        };
        double tolerance = c.Name == "layer_norm_large_offset" ? 1e-3 : 1e-4;
        foreach (var (name, expected) in c.Outputs)
        {
            Assert.True(actual.ContainsKey(name), $"{flavour} does not produce {name}");
            Compare.Close(expected.Data, actual[name], tolerance, $"{caseName} {flavour} {name}");
        }
    }

    private static Dictionary<string, float[]> LayerNorm(ReferenceCase c, string flavour)
    {
        int[] shape = c.Input("x").Shape;
        int nd = (int)c.Number("normalized_dims");
        bool affine = c.Affine;
        int features = shape[^nd..].Aggregate(1, (a, b) => a * b);
        int size = shape.Aggregate(1, (a, b) => a * b);
        int rows = size / features;
        float eps = (float)c.Number("eps");
        using var b = new Buffers();
        var x = b.Of(c.Input("x").Floats());
        var gamma = b.Of(affine ? c.Input("gamma").Floats() : Filled(features, 1f));
        var beta = b.Of(affine ? c.Input("beta").Floats() : Filled(features, 0f));
        var dy = b.Of(c.Input("dy").Floats());
        NativeBuffer y = b.Zeros(size), mean = b.Zeros(rows), rstd = b.Zeros(rows), dx = b.Zeros(size), dgamma = b.Zeros(features), dbeta = b.Zeros(features);
        switch (flavour)
        {
            case "Naive":
                LayerNormNaive.Forward(rows, features, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                LayerNormNaive.Backward(rows, features, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case "Simd":
                LayerNormSimd.Forward(rows, features, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                LayerNormSimd.Backward(rows, features, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case "TensorPrimitives":
                LayerNormTensorPrimitives.Forward(rows, features, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                LayerNormTensorPrimitives.Backward(rows, features, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span,
                    b.Zeros(LayerNormTensorPrimitives.ScratchLength(features)).Span);
                break;
            case "Aten":
                AtenOps.LayerNormForward(rows, features, x, gamma, beta, y, mean, rstd, eps);
                AtenOps.LayerNormBackward(rows, features, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flavour), flavour, null);
        }
        return new() { ["y"] = y.ToArray(), ["dx"] = dx.ToArray(), ["dgamma"] = dgamma.ToArray(), ["dbeta"] = dbeta.ToArray() };
    }

    private static Dictionary<string, float[]> RmsNorm(ReferenceCase c, string flavour)
    {
        int[] shape = c.Input("x").Shape;
        int features = shape[^1];
        int size = shape.Aggregate(1, (a, b) => a * b);
        int rows = size / features;
        float eps = (float)c.Number("eps");
        using var b = new Buffers();
        var x = b.Of(c.Input("x").Floats());
        var gamma = b.Of(c.Input("gamma").Floats());
        var dy = b.Of(c.Input("dy").Floats());
        NativeBuffer y = b.Zeros(size), rstd = b.Zeros(rows), dx = b.Zeros(size), dgamma = b.Zeros(features);
        switch (flavour)
        {
            case "Naive":
                RmsNormNaive.Forward(rows, features, x.Span, gamma.Span, y.Span, rstd.Span, eps);
                RmsNormNaive.Backward(rows, features, dy.Span, x.Span, gamma.Span, rstd.Span, dx.Span, dgamma.Span);
                break;
            case "Simd":
                RmsNormSimd.Forward(rows, features, x.Span, gamma.Span, y.Span, rstd.Span, eps);
                RmsNormSimd.Backward(rows, features, dy.Span, x.Span, gamma.Span, rstd.Span, dx.Span, dgamma.Span);
                break;
            case "TensorPrimitives":
                RmsNormTensorPrimitives.Forward(rows, features, x.Span, gamma.Span, y.Span, rstd.Span, eps);
                RmsNormTensorPrimitives.Backward(rows, features, dy.Span, x.Span, gamma.Span, rstd.Span, dx.Span, dgamma.Span,
                    b.Zeros(RmsNormTensorPrimitives.ScratchLength(features)).Span);
                break;
            case "Aten":
                AtenOps.RmsNormForward(rows, features, x, gamma, y, rstd, eps);
                AtenOps.RmsNormBackward(rows, features, dy, x, gamma, rstd, dx, dgamma);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flavour), flavour, null);
        }
        return new() { ["y"] = y.ToArray(), ["dx"] = dx.ToArray(), ["dgamma"] = dgamma.ToArray() };
    }

    private static Dictionary<string, float[]> BatchNorm(ReferenceCase c, string flavour)
    {
        int[] shape = c.Input("x").Shape;
        var s = new ImageShape(shape[0], shape[1], shape.Length > 2 ? shape[2] : 1, shape.Length > 3 ? shape[3] : 1);
        var layout = flavour.EndsWith("NHWC", StringComparison.Ordinal) ? ImageLayout.Nhwc : ImageLayout.Nchw;
        float eps = (float)c.Number("eps"), momentum = (float)c.Number("momentum");
        int size = (int)s.Elements;
        using var b = new Buffers();
        var x = b.Of(ToLayout(c.Input("x").Floats(), s, layout));
        var dy = b.Of(ToLayout(c.Input("dy").Floats(), s, layout));
        var gamma = b.Of(c.Input("gamma").Floats());
        var beta = b.Of(c.Input("beta").Floats());
        var runningMean = b.Of(c.Input("running_mean").Floats());
        var runningVar = b.Of(c.Input("running_var").Floats());
        NativeBuffer y = b.Zeros(size), saveMean = b.Zeros(s.C), saveInvstd = b.Zeros(s.C), dx = b.Zeros(size), dgamma = b.Zeros(s.C), dbeta = b.Zeros(s.C);
        switch (flavour)
        {
            case "Naive-NCHW" or "Naive-NHWC":
                BatchNorm2dNaive.Forward(layout, s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, eps, momentum);
                BatchNorm2dNaive.Backward(layout, s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case "Simd-NCHW":
                BatchNorm2dNchwSimd.Forward(s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, eps, momentum);
                BatchNorm2dNchwSimd.Backward(s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case "Simd-NHWC":
                BatchNorm2dNhwcSimd.Forward(s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, eps, momentum);
                BatchNorm2dNhwcSimd.Backward(s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case "TensorPrimitives-NCHW" or "TensorPrimitives-NHWC":
                BatchNorm2dTensorPrimitives.Forward(layout, s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, runningMean.Span, runningVar.Span, y.Span, saveMean.Span, saveInvstd.Span, eps, momentum);
                BatchNorm2dTensorPrimitives.Backward(layout, s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, saveMean.Span, saveInvstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case "Aten-NCHW" or "Aten-NHWC":
                AtenOps.BatchNormForward(layout, s, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvstd, eps, momentum);
                AtenOps.BatchNormBackward(layout, s, dy, x, gamma, saveMean, saveInvstd, dx, dgamma, dbeta, eps);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flavour), flavour, null);
        }
        return new()
        {
            ["y"] = FromLayout(y.ToArray(), s, layout),
            ["dx"] = FromLayout(dx.ToArray(), s, layout),
            ["dgamma"] = dgamma.ToArray(),
            ["dbeta"] = dbeta.ToArray(),
            ["running_mean"] = runningMean.ToArray(),
            ["running_var"] = runningVar.ToArray(),
        };
    }

    private static Dictionary<string, float[]> GroupNorm(ReferenceCase c, string flavour, int groups, bool instance = false)
    {
        int[] shape = c.Input("x").Shape;
        var s = new ImageShape(shape[0], shape[1], shape.Length > 2 ? shape[2] : 1, shape.Length > 3 ? shape[3] : 1);
        float eps = (float)c.Number("eps");
        int size = (int)s.Elements;
        using var b = new Buffers();
        var x = b.Of(c.Input("x").Floats());
        var dy = b.Of(c.Input("dy").Floats());
        var gamma = b.Of(c.Input("gamma").Floats());
        var beta = b.Of(c.Input("beta").Floats());
        NativeBuffer y = b.Zeros(size), mean = b.Zeros(s.N * groups), rstd = b.Zeros(s.N * groups), dx = b.Zeros(size), dgamma = b.Zeros(s.C), dbeta = b.Zeros(s.C);
        switch (flavour, instance)
        {
            case ("Naive", false):
                GroupNormNaive.Forward(s.N, s.C, s.HW, groups, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                GroupNormNaive.Backward(s.N, s.C, s.HW, groups, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case ("Simd", false):
                GroupNormSimd.Forward(s.N, s.C, s.HW, groups, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                GroupNormSimd.Backward(s.N, s.C, s.HW, groups, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case ("TensorPrimitives", false):
                GroupNormTensorPrimitives.Forward(s.N, s.C, s.HW, groups, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                GroupNormTensorPrimitives.Backward(s.N, s.C, s.HW, groups, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case ("Aten", false):
                AtenOps.GroupNormForward(s, groups, x, gamma, beta, y, mean, rstd, eps);
                AtenOps.GroupNormBackward(s, groups, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
                break;
            case ("Naive", true):
                InstanceNormNaive.Forward(s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                InstanceNormNaive.Backward(s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case ("Simd", true):
                InstanceNormSimd.Forward(s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                InstanceNormSimd.Backward(s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case ("TensorPrimitives", true):
                InstanceNormTensorPrimitives.Forward(s.N, s.C, s.HW, x.Span, gamma.Span, beta.Span, y.Span, mean.Span, rstd.Span, eps);
                InstanceNormTensorPrimitives.Backward(s.N, s.C, s.HW, dy.Span, x.Span, gamma.Span, mean.Span, rstd.Span, dx.Span, dgamma.Span, dbeta.Span);
                break;
            case ("Aten", true):
                AtenOps.InstanceNormForward(s, x, gamma, beta, y, mean, rstd, eps);
                AtenOps.InstanceNormBackward(s, dy, x, gamma, mean, rstd, dx, dgamma, dbeta, eps);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flavour), flavour, null);
        }
        return new() { ["y"] = y.ToArray(), ["dx"] = dx.ToArray(), ["dgamma"] = dgamma.ToArray(), ["dbeta"] = dbeta.ToArray() };
    }

    private static float[] Filled(int length, float value) => Enumerable.Repeat(value, length).ToArray();

    private static float[] ToLayout(float[] nchw, ImageShape s, ImageLayout layout)
    {
        if (layout == ImageLayout.Nchw)
            return nchw;
        var nhwc = new float[nchw.Length];
        for (int n = 0; n < s.N; n++)
            for (int c = 0; c < s.C; c++)
                for (int p = 0; p < s.HW; p++)
                    nhwc[(n * s.HW + p) * s.C + c] = nchw[(n * s.C + c) * s.HW + p];
        return nhwc;
    }

    private static float[] FromLayout(float[] data, ImageShape s, ImageLayout layout)
    {
        if (layout == ImageLayout.Nchw)
            return data;
        var nchw = new float[data.Length];
        for (int n = 0; n < s.N; n++)
            for (int c = 0; c < s.C; c++)
                for (int p = 0; p < s.HW; p++)
                    nchw[(n * s.C + c) * s.HW + p] = data[(n * s.HW + p) * s.C + c];
        return nchw;
    }

    /// <summary>Native buffers for one case, freed together.</summary>
    private sealed class Buffers : IDisposable
    {
        private readonly List<NativeBuffer> all = [];

        public NativeBuffer Zeros(long length)
        {
            var buffer = new NativeBuffer(length);
            all.Add(buffer);
            return buffer;
        }

        public NativeBuffer Of(float[] data)
        {
            var buffer = Zeros(data.Length);
            data.CopyTo(buffer.Span);
            return buffer;
        }

        public void Dispose()
        {
            foreach (var buffer in all)
                buffer.Dispose();
        }
    }
}
