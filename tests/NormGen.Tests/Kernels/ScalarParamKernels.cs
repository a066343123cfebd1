namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of <c>ScalarParamLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class ScalarParamKernels
{
    public static readonly LayerKernels DyT = new(typeof(DyT),
        c =>
        {
            var s = new DyT.Shape(c["n"], c["d"]);
            var saved = new DyT.Saved<double>(s);
            Kernels.DyT.Forward(s, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), c.Y, saved);
            return () => Kernels.DyT.Backward(s, c.Dy, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), saved,
                                              c.D("x"), c.D("alpha"), c.D("gamma"), c.D("beta"));
        },
        c =>
        {
            var s = new DyT.Shape(c["n"], c["d"]);
            var saved = new DyT.Saved<float>(s);
            Kernels.DyT.Forward(s, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), c.Y, saved);
            return () => Kernels.DyT.Backward(s, c.Dy, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), saved,
                                              c.D("x"), c.D("alpha"), c.D("gamma"), c.D("beta"));
        });

    public static readonly LayerKernels SpecializedDyT = new(typeof(SpecializedDyT),
        c =>
        {
            var s = new SpecializedDyT.Shape(c["n"], c["d"]);
            var saved = new SpecializedDyT.Saved<double>(s);
            Kernels.SpecializedDyT.Forward(s, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), c.Y, saved);
            return () => Kernels.SpecializedDyT.Backward(s, c.Dy, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), saved,
                                                         c.D("x"), c.D("alpha"), c.D("gamma"), c.D("beta"));
        },
        c =>
        {
            var s = new SpecializedDyT.Shape(c["n"], c["d"]);
            var saved = new SpecializedDyT.Saved<float>(s);
            Kernels.SpecializedDyT.Forward(s, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), c.Y, saved);
            return () => Kernels.SpecializedDyT.Backward(s, c.Dy, c.In("x"), c.In("alpha"), c.In("gamma"), c.In("beta"), saved,
                                                         c.D("x"), c.D("alpha"), c.D("gamma"), c.D("beta"));
        });

    public static readonly LayerKernels TemperatureLogSoftmax = new(typeof(TemperatureLogSoftmax),
        c =>
        {
            var s = new TemperatureLogSoftmax.Shape(c["n"], c["d"]);
            var saved = new TemperatureLogSoftmax.Saved<double>(s);
            Kernels.TemperatureLogSoftmax.Forward(s, c.In("x"), c.In("temperature"), c.Y, saved);
            return () => Kernels.TemperatureLogSoftmax.Backward(s, c.Dy, c.In("x"), c.In("temperature"), saved, c.D("x"), c.D("temperature"));
        },
        c =>
        {
            var s = new TemperatureLogSoftmax.Shape(c["n"], c["d"]);
            var saved = new TemperatureLogSoftmax.Saved<float>(s);
            Kernels.TemperatureLogSoftmax.Forward(s, c.In("x"), c.In("temperature"), c.Y, saved);
            return () => Kernels.TemperatureLogSoftmax.Backward(s, c.Dy, c.In("x"), c.In("temperature"), saved, c.D("x"), c.D("temperature"));
        });

    public static readonly LayerKernels ScalarScaledLayerNorm = new(typeof(ScalarScaledLayerNorm),
        c =>
        {
            var s = new ScalarScaledLayerNorm.Shape(c["n"], c["d"]);
            var saved = new ScalarScaledLayerNorm.Saved<double>(s);
            Kernels.ScalarScaledLayerNorm.Forward(s, c.In("x"), c.In("scale"), c.In("gamma"), c.In("shift"), c.Y, saved, c.H("eps"));
            return () => Kernels.ScalarScaledLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("scale"), c.In("gamma"), c.In("shift"), saved,
                                                                c.D("x"), c.D("scale"), c.D("gamma"), c.D("shift"), c.H("eps"));
        },
        c =>
        {
            var s = new ScalarScaledLayerNorm.Shape(c["n"], c["d"]);
            var saved = new ScalarScaledLayerNorm.Saved<float>(s);
            Kernels.ScalarScaledLayerNorm.Forward(s, c.In("x"), c.In("scale"), c.In("gamma"), c.In("shift"), c.Y, saved, c.H("eps"));
            return () => Kernels.ScalarScaledLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("scale"), c.In("gamma"), c.In("shift"), saved,
                                                                c.D("x"), c.D("scale"), c.D("gamma"), c.D("shift"), c.H("eps"));
        });

    public static readonly LayerKernels ChannelsLastScaledNorm = new(typeof(ChannelsLastScaledNorm),
        c =>
        {
            var s = new ChannelsLastScaledNorm.Shape(c["n"], c["h"], c["w"], c["c"]);
            var saved = new ChannelsLastScaledNorm.Saved<double>(s);
            Kernels.ChannelsLastScaledNorm.Forward(s, c.In("x"), c.In("scale"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.ChannelsLastScaledNorm.Backward(s, c.Dy, c.In("x"), c.In("scale"), c.In("beta"), saved,
                                                                 c.D("x"), c.D("scale"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new ChannelsLastScaledNorm.Shape(c["n"], c["h"], c["w"], c["c"]);
            var saved = new ChannelsLastScaledNorm.Saved<float>(s);
            Kernels.ChannelsLastScaledNorm.Forward(s, c.In("x"), c.In("scale"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.ChannelsLastScaledNorm.Backward(s, c.Dy, c.In("x"), c.In("scale"), c.In("beta"), saved,
                                                                 c.D("x"), c.D("scale"), c.D("beta"), c.H("eps"));
        });

    public static readonly LayerKernels TwoScalarTanh = new(typeof(TwoScalarTanh),
        c =>
        {
            var s = new TwoScalarTanh.Shape(c["n"], c["d"]);
            var saved = new TwoScalarTanh.Saved<double>(s);
            Kernels.TwoScalarTanh.Forward(s, c.In("x"), c.In("t"), c.In("u"), c.Y, saved);
            return () => Kernels.TwoScalarTanh.Backward(s, c.Dy, c.In("x"), c.In("t"), c.In("u"), saved, c.D("x"), c.D("t"), c.D("u"));
        },
        c =>
        {
            var s = new TwoScalarTanh.Shape(c["n"], c["d"]);
            var saved = new TwoScalarTanh.Saved<float>(s);
            Kernels.TwoScalarTanh.Forward(s, c.In("x"), c.In("t"), c.In("u"), c.Y, saved);
            return () => Kernels.TwoScalarTanh.Backward(s, c.Dy, c.In("x"), c.In("t"), c.In("u"), saved, c.D("x"), c.D("t"), c.D("u"));
        });
}
