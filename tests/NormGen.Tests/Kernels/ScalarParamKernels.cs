namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of <c>ScalarParamLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class ScalarParamKernels
{
    public static readonly LayerKernels DyT = new(typeof(DyT));

    public static readonly LayerKernels SpecializedDyT = new(typeof(SpecializedDyT));

    public static readonly LayerKernels TemperatureLogSoftmax = new(typeof(TemperatureLogSoftmax));

    public static readonly LayerKernels ScalarScaledLayerNorm = new(typeof(ScalarScaledLayerNorm));

    public static readonly LayerKernels ChannelsLastScaledNorm = new(typeof(ChannelsLastScaledNorm));

    public static readonly LayerKernels TwoScalarTanh = new(typeof(TwoScalarTanh));
}
