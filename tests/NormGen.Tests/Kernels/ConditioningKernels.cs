namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of <c>ConditioningLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class ConditioningKernels
{
    public static readonly LayerKernels AdaLN = new(typeof(AdaLN));

    public static readonly LayerKernels AdaIN = new(typeof(AdaIN));

    public static readonly LayerKernels PositionGatedRmsNorm = new(typeof(PositionGatedRmsNorm));

    public static readonly LayerKernels ModulatedLayerNorm = new(typeof(ModulatedLayerNorm));

    public static readonly LayerKernels PerSampleGainBatchNorm = new(typeof(PerSampleGainBatchNorm));

    public static readonly LayerKernels FullLayoutInputAdd = new(typeof(FullLayoutInputAdd));

    public static readonly LayerKernels SpecializedAdaLN = new(typeof(SpecializedAdaLN));

    public static readonly LayerKernels ConditionedGroupNorm = new(typeof(ConditionedGroupNorm));

    public static readonly LayerKernels RunningSampleWeightedNorm = new(typeof(RunningSampleWeightedNorm));
}
