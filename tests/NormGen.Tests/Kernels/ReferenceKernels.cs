using NormGen.Tests.Reference;

namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of the layers of <c>Reference/ReferenceLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class ReferenceKernels
{
    public static LayerKernels For(Type layer) =>
        s_all.TryGetValue(layer, out var k) ? k : throw new KeyNotFoundException($"No kernel adapter for {layer.Name}.");

    private static readonly Dictionary<Type, LayerKernels> s_all = new LayerKernels[]
    {
        new(typeof(LayerNorm)),
        new(typeof(LayerNormOverTwoAxes)),
        new(typeof(LayerNormNoAffine)),
        new(typeof(RmsNorm)),
        new(typeof(BatchNorm1d)),
        new(typeof(BatchNorm2d)),
        new(typeof(GroupNorm)),
        new(typeof(InstanceNorm)),
        new(typeof(WeightNorm)),
        new(typeof(CosineNorm)),
    }.ToDictionary(k => k.Layer);
}
