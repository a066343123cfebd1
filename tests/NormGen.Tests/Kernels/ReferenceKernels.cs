using NormGen.Tests.Reference;

namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of the layers of <c>Reference/ReferenceLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class ReferenceKernels
{
    public static LayerKernels For(Type layer) =>
        s_all.TryGetValue(layer, out var k) ? k : throw new KeyNotFoundException($"No kernel adapter for {layer.Name}.");

    private static readonly Dictionary<Type, LayerKernels> s_all = new LayerKernels[]
    {
        new(typeof(LayerNorm),
            c =>
            {
                var s = new LayerNorm.Shape(c["n"], c["d"]);
                var saved = new LayerNorm.Saved<double>(s);
                LayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => LayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            },
            c =>
            {
                var s = new LayerNorm.Shape(c["n"], c["d"]);
                var saved = new LayerNorm.Saved<float>(s);
                LayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => LayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            }),
        new(typeof(LayerNormOverTwoAxes),
            c =>
            {
                var s = new LayerNormOverTwoAxes.Shape(c["n"], c["h"], c["w"]);
                var saved = new LayerNormOverTwoAxes.Saved<double>(s);
                LayerNormOverTwoAxes.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => LayerNormOverTwoAxes.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            },
            c =>
            {
                var s = new LayerNormOverTwoAxes.Shape(c["n"], c["h"], c["w"]);
                var saved = new LayerNormOverTwoAxes.Saved<float>(s);
                LayerNormOverTwoAxes.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => LayerNormOverTwoAxes.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            }),
        new(typeof(LayerNormNoAffine),
            c =>
            {
                var s = new LayerNormNoAffine.Shape(c["n"], c["d"]);
                var saved = new LayerNormNoAffine.Saved<double>(s);
                LayerNormNoAffine.Forward(s, c.In("x"), c.Y, saved, c.H("eps"));
                return () => LayerNormNoAffine.Backward(s, c.Dy, c.In("x"), saved, c.D("x"), c.H("eps"));
            },
            c =>
            {
                var s = new LayerNormNoAffine.Shape(c["n"], c["d"]);
                var saved = new LayerNormNoAffine.Saved<float>(s);
                LayerNormNoAffine.Forward(s, c.In("x"), c.Y, saved, c.H("eps"));
                return () => LayerNormNoAffine.Backward(s, c.Dy, c.In("x"), saved, c.D("x"), c.H("eps"));
            }),
        new(typeof(RmsNorm),
            c =>
            {
                var s = new RmsNorm.Shape(c["n"], c["d"]);
                var saved = new RmsNorm.Saved<double>(s);
                RmsNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
                return () => RmsNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
            },
            c =>
            {
                var s = new RmsNorm.Shape(c["n"], c["d"]);
                var saved = new RmsNorm.Saved<float>(s);
                RmsNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
                return () => RmsNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
            }),
        new(typeof(BatchNorm1d),
            c =>
            {
                var s = new BatchNorm1d.Shape(c["n"], c["c"]);
                var saved = new BatchNorm1d.Saved<double>(s);
                BatchNorm1d.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
                return () => BatchNorm1d.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                  c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
            },
            c =>
            {
                var s = new BatchNorm1d.Shape(c["n"], c["c"]);
                var saved = new BatchNorm1d.Saved<float>(s);
                BatchNorm1d.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
                return () => BatchNorm1d.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                  c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
            }),
        new(typeof(BatchNorm2d),
            c =>
            {
                var s = new BatchNorm2d.Shape(c["n"], c["c"], c["h"], c["w"]);
                var saved = new BatchNorm2d.Saved<double>(s);
                BatchNorm2d.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
                return () => BatchNorm2d.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                  c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
            },
            c =>
            {
                var s = new BatchNorm2d.Shape(c["n"], c["c"], c["h"], c["w"]);
                var saved = new BatchNorm2d.Saved<float>(s);
                BatchNorm2d.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), c.Y, saved, c.Training, c.H("eps"), c.H("momentum"));
                return () => BatchNorm2d.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), c.R(0), c.R(1), saved,
                                                  c.D("x"), c.D("gamma"), c.D("beta"), c.Training, c.H("eps"), c.H("momentum"));
            }),
        new(typeof(GroupNorm),
            c =>
            {
                var s = new GroupNorm.Shape(c["n"], c["g"], c["c"], c["h"], c["w"]);
                var saved = new GroupNorm.Saved<double>(s);
                GroupNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => GroupNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            },
            c =>
            {
                var s = new GroupNorm.Shape(c["n"], c["g"], c["c"], c["h"], c["w"]);
                var saved = new GroupNorm.Saved<float>(s);
                GroupNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => GroupNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            }),
        new(typeof(InstanceNorm),
            c =>
            {
                var s = new InstanceNorm.Shape(c["n"], c["c"], c["h"], c["w"]);
                var saved = new InstanceNorm.Saved<double>(s);
                InstanceNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => InstanceNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            },
            c =>
            {
                var s = new InstanceNorm.Shape(c["n"], c["c"], c["h"], c["w"]);
                var saved = new InstanceNorm.Saved<float>(s);
                InstanceNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
                return () => InstanceNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved, c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
            }),
        new(typeof(WeightNorm),
            c =>
            {
                var s = new WeightNorm.Shape(c["o"], c["i"]);
                var saved = new WeightNorm.Saved<double>(s);
                WeightNorm.Forward(s, c.In("v"), c.In("g"), c.Y, saved);
                return () => WeightNorm.Backward(s, c.Dy, c.In("v"), c.In("g"), saved, c.D("v"), c.D("g"));
            },
            c =>
            {
                var s = new WeightNorm.Shape(c["o"], c["i"]);
                var saved = new WeightNorm.Saved<float>(s);
                WeightNorm.Forward(s, c.In("v"), c.In("g"), c.Y, saved);
                return () => WeightNorm.Backward(s, c.Dy, c.In("v"), c.In("g"), saved, c.D("v"), c.D("g"));
            }),
        new(typeof(CosineNorm),
            c =>
            {
                var s = new CosineNorm.Shape(c["n"], c["i"], c["o"]);
                var saved = new CosineNorm.Saved<double>(s);
                CosineNorm.Forward(s, c.In("x"), c.In("w"), c.Y, saved);
                return () => CosineNorm.Backward(s, c.Dy, c.In("x"), c.In("w"), saved, c.D("x"), c.D("w"));
            },
            c =>
            {
                var s = new CosineNorm.Shape(c["n"], c["i"], c["o"]);
                var saved = new CosineNorm.Saved<float>(s);
                CosineNorm.Forward(s, c.In("x"), c.In("w"), c.Y, saved);
                return () => CosineNorm.Backward(s, c.Dy, c.In("x"), c.In("w"), saved, c.D("x"), c.D("w"));
            }),
    }.ToDictionary(k => k.Layer);
}
