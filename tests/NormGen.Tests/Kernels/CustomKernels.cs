namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of <c>CustomLayers.cs</c> and <c>OpLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class CustomKernels
{
    public static readonly LayerKernels ScaleNorm = new(typeof(ScaleNorm));

    public static readonly LayerKernels GatedLogSoftmax = new(typeof(GatedLogSoftmax));

    public static readonly LayerKernels RangeNorm = new(typeof(RangeNorm));

    public static readonly LayerKernels FusedAddRmsNorm = new(typeof(FusedAddRmsNorm));

    public static readonly LayerKernels GatedLayerNorm = new(typeof(GatedLayerNorm));
    public static readonly LayerKernels DividedLayerNorm = new(typeof(DividedLayerNorm));

    public static readonly LayerKernels SequenceGroupNorm = new(typeof(SequenceGroupNorm));

    public static readonly LayerKernels BatchStatNorm = new(typeof(BatchStatNorm));

    public static readonly LayerKernels ChannelsLastBatchNorm = new(typeof(ChannelsLastBatchNorm));

    public static readonly LayerKernels TwoAxisAffineNorm = new(typeof(TwoAxisAffineNorm));

    public static readonly LayerKernels LogSumExp = new(typeof(LogSumExp));

    public static readonly LayerKernels OpHyperArithmetic = new(typeof(OpHyperArithmetic));

    public static readonly LayerKernels MiddleAxisNorm = new(typeof(MiddleAxisNorm));

    public static readonly LayerKernels ScaledPlaneNormWithPeak = new(typeof(ScaledPlaneNormWithPeak));
    public static readonly LayerKernels SquareVarianceNorm = new(typeof(SquareVarianceNorm));
    public static readonly LayerKernels TokenCentredSampleNorm = new(typeof(TokenCentredSampleNorm));

    public static readonly LayerKernels GlobalRmsNorm = new(typeof(GlobalRmsNorm));

    public static readonly LayerKernels TransposedRmsNorm = new(typeof(TransposedRmsNorm));

    public static readonly LayerKernels UnusedOperands = new(typeof(UnusedOperands));

    public static readonly LayerKernels SpecializedLayerNorm = new(typeof(SpecializedLayerNorm));

    public static readonly LayerKernels OpSqrt = new(typeof(OpSqrt));
    public static readonly LayerKernels OpRsqrt = new(typeof(OpRsqrt));
    public static readonly LayerKernels OpExp = new(typeof(OpExp));
    public static readonly LayerKernels OpLog = new(typeof(OpLog));
    public static readonly LayerKernels OpTanh = new(typeof(OpTanh));
    public static readonly LayerKernels OpSigmoid = new(typeof(OpSigmoid));
    public static readonly LayerKernels OpSoftplus = new(typeof(OpSoftplus));
    public static readonly LayerKernels OpAbs = new(typeof(OpAbs));
    public static readonly LayerKernels OpSquare = new(typeof(OpSquare));
    public static readonly LayerKernels OpPowThreeHalves = new(typeof(OpPowThreeHalves));
    public static readonly LayerKernels OpPowCube = new(typeof(OpPowCube));
    public static readonly LayerKernels OpPowMinusHalf = new(typeof(OpPowMinusHalf));
    public static readonly LayerKernels OpPowSquare = new(typeof(OpPowSquare));
    public static readonly LayerKernels OpPowTrivial = new(typeof(OpPowTrivial));
    public static readonly LayerKernels OpMaximum = new(typeof(OpMaximum));
    public static readonly LayerKernels OpMinimum = new(typeof(OpMinimum));
    public static readonly LayerKernels OpAdd = new(typeof(OpAdd));
    public static readonly LayerKernels OpSubtract = new(typeof(OpSubtract));
    public static readonly LayerKernels OpMultiply = new(typeof(OpMultiply));
    public static readonly LayerKernels OpDivide = new(typeof(OpDivide));
    public static readonly LayerKernels OpNegate = new(typeof(OpNegate));
    public static readonly LayerKernels OpSum = new(typeof(OpSum));
    public static readonly LayerKernels OpMean = new(typeof(OpMean));
    public static readonly LayerKernels OpVar = new(typeof(OpVar));
    public static readonly LayerKernels OpMax = new(typeof(OpMax));
    public static readonly LayerKernels OpMin = new(typeof(OpMin));
    public static readonly LayerKernels OpPowLargeInteger = new(typeof(OpPowLargeInteger));
    public static readonly LayerKernels OpMaxMinOverRows = new(typeof(OpMaxMinOverRows));
}
