namespace NormGen.Tests.Kernels;

/// <summary>The generated kernels of <c>CustomLayers.cs</c> and <c>OpLayers.cs</c>, behind <see cref="LayerKernels"/>.</summary>
public static class CustomKernels
{
    public static readonly LayerKernels ScaleNorm = new(typeof(ScaleNorm),
        c =>
        {
            var s = new ScaleNorm.Shape(c["n"], c["d"]);
            var saved = new ScaleNorm.Saved<double>(s);
            Kernels.ScaleNorm.Forward(s, c.In("x"), c.In("g"), c.Y, saved);
            return () => Kernels.ScaleNorm.Backward(s, c.Dy, c.In("x"), c.In("g"), saved, c.D("x"), c.D("g"));
        },
        c =>
        {
            var s = new ScaleNorm.Shape(c["n"], c["d"]);
            var saved = new ScaleNorm.Saved<float>(s);
            Kernels.ScaleNorm.Forward(s, c.In("x"), c.In("g"), c.Y, saved);
            return () => Kernels.ScaleNorm.Backward(s, c.Dy, c.In("x"), c.In("g"), saved, c.D("x"), c.D("g"));
        });

    public static readonly LayerKernels GatedLogSoftmax = new(typeof(GatedLogSoftmax),
        c =>
        {
            var s = new GatedLogSoftmax.Shape(c["n"], c["d"]);
            var saved = new GatedLogSoftmax.Saved<double>(s);
            Kernels.GatedLogSoftmax.Forward(s, c.In("x"), c.In("t"), c.Y, saved);
            return () => Kernels.GatedLogSoftmax.Backward(s, c.Dy, c.In("x"), c.In("t"), saved, c.D("x"), c.D("t"));
        },
        c =>
        {
            var s = new GatedLogSoftmax.Shape(c["n"], c["d"]);
            var saved = new GatedLogSoftmax.Saved<float>(s);
            Kernels.GatedLogSoftmax.Forward(s, c.In("x"), c.In("t"), c.Y, saved);
            return () => Kernels.GatedLogSoftmax.Backward(s, c.Dy, c.In("x"), c.In("t"), saved, c.D("x"), c.D("t"));
        });

    public static readonly LayerKernels RangeNorm = new(typeof(RangeNorm),
        c =>
        {
            var s = new RangeNorm.Shape(c["n"], c["d"]);
            var saved = new RangeNorm.Saved<double>(s);
            Kernels.RangeNorm.Forward(s, c.In("x"), c.In("lo"), c.In("hi"), c.Y, saved, c.H("eps"));
            return () => Kernels.RangeNorm.Backward(s, c.Dy, c.In("x"), c.In("lo"), c.In("hi"), saved, c.D("x"), c.D("lo"), c.D("hi"), c.H("eps"));
        },
        c =>
        {
            var s = new RangeNorm.Shape(c["n"], c["d"]);
            var saved = new RangeNorm.Saved<float>(s);
            Kernels.RangeNorm.Forward(s, c.In("x"), c.In("lo"), c.In("hi"), c.Y, saved, c.H("eps"));
            return () => Kernels.RangeNorm.Backward(s, c.Dy, c.In("x"), c.In("lo"), c.In("hi"), saved, c.D("x"), c.D("lo"), c.D("hi"), c.H("eps"));
        });

    public static readonly LayerKernels FusedAddRmsNorm = new(typeof(FusedAddRmsNorm),
        c =>
        {
            var s = new FusedAddRmsNorm.Shape(c["n"], c["d"]);
            var saved = new FusedAddRmsNorm.Saved<double>(s);
            Kernels.FusedAddRmsNorm.Forward(s, c.In("x"), c.In("residual"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.FusedAddRmsNorm.Backward(s, c.Dy, c.In("x"), c.In("residual"), c.In("gamma"), saved,
                                                          c.D("x"), c.D("residual"), c.D("gamma"), c.H("eps"));
        },
        c =>
        {
            var s = new FusedAddRmsNorm.Shape(c["n"], c["d"]);
            var saved = new FusedAddRmsNorm.Saved<float>(s);
            Kernels.FusedAddRmsNorm.Forward(s, c.In("x"), c.In("residual"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.FusedAddRmsNorm.Backward(s, c.Dy, c.In("x"), c.In("residual"), c.In("gamma"), saved,
                                                          c.D("x"), c.D("residual"), c.D("gamma"), c.H("eps"));
        });

    public static readonly LayerKernels GatedLayerNorm = new(typeof(GatedLayerNorm),
        c =>
        {
            var s = new GatedLayerNorm.Shape(c["n"], c["d"]);
            var saved = new GatedLayerNorm.Saved<double>(s);
            Kernels.GatedLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"), c.H("scale"));
            return () => Kernels.GatedLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                         c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"), c.H("scale"));
        },
        c =>
        {
            var s = new GatedLayerNorm.Shape(c["n"], c["d"]);
            var saved = new GatedLayerNorm.Saved<float>(s);
            Kernels.GatedLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"), c.H("scale"));
            return () => Kernels.GatedLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                         c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"), c.H("scale"));
        });

    public static readonly LayerKernels SequenceGroupNorm = new(typeof(SequenceGroupNorm),
        c =>
        {
            var s = new SequenceGroupNorm.Shape(c["n"], c["g"], c["c"], c["t"]);
            var saved = new SequenceGroupNorm.Saved<double>(s);
            Kernels.SequenceGroupNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.SequenceGroupNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                            c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new SequenceGroupNorm.Shape(c["n"], c["g"], c["c"], c["t"]);
            var saved = new SequenceGroupNorm.Saved<float>(s);
            Kernels.SequenceGroupNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.SequenceGroupNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                            c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        });

    public static readonly LayerKernels BatchStatNorm = new(typeof(BatchStatNorm),
        c =>
        {
            var s = new BatchStatNorm.Shape(c["n"], c["c"]);
            var saved = new BatchStatNorm.Saved<double>(s);
            Kernels.BatchStatNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.BatchStatNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                        c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new BatchStatNorm.Shape(c["n"], c["c"]);
            var saved = new BatchStatNorm.Saved<float>(s);
            Kernels.BatchStatNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.BatchStatNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                        c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        });

    public static readonly LayerKernels ChannelsLastBatchNorm = new(typeof(ChannelsLastBatchNorm),
        c =>
        {
            var s = new ChannelsLastBatchNorm.Shape(c["n"], c["h"], c["w"], c["c"]);
            var saved = new ChannelsLastBatchNorm.Saved<double>(s);
            Kernels.ChannelsLastBatchNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.ChannelsLastBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                                c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new ChannelsLastBatchNorm.Shape(c["n"], c["h"], c["w"], c["c"]);
            var saved = new ChannelsLastBatchNorm.Saved<float>(s);
            Kernels.ChannelsLastBatchNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.ChannelsLastBatchNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                                c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        });

    public static readonly LayerKernels TwoAxisAffineNorm = new(typeof(TwoAxisAffineNorm),
        c =>
        {
            var s = new TwoAxisAffineNorm.Shape(c["n"], c["c"], c["d"]);
            var saved = new TwoAxisAffineNorm.Saved<double>(s);
            Kernels.TwoAxisAffineNorm.Forward(s, c.In("x"), c.In("scale"), c.In("bias"), c.Y, saved, c.H("eps"));
            return () => Kernels.TwoAxisAffineNorm.Backward(s, c.Dy, c.In("x"), c.In("scale"), c.In("bias"), saved,
                                                            c.D("x"), c.D("scale"), c.D("bias"), c.H("eps"));
        },
        c =>
        {
            var s = new TwoAxisAffineNorm.Shape(c["n"], c["c"], c["d"]);
            var saved = new TwoAxisAffineNorm.Saved<float>(s);
            Kernels.TwoAxisAffineNorm.Forward(s, c.In("x"), c.In("scale"), c.In("bias"), c.Y, saved, c.H("eps"));
            return () => Kernels.TwoAxisAffineNorm.Backward(s, c.Dy, c.In("x"), c.In("scale"), c.In("bias"), saved,
                                                            c.D("x"), c.D("scale"), c.D("bias"), c.H("eps"));
        });

    public static readonly LayerKernels LogSumExp = new(typeof(LogSumExp),
        c =>
        {
            var s = new LogSumExp.Shape(c["n"], c["d"]);
            var saved = new LogSumExp.Saved<double>(s);
            Kernels.LogSumExp.Forward(s, c.In("x"), c.In("w"), c.Y, saved);
            return () => Kernels.LogSumExp.Backward(s, c.Dy, c.In("x"), c.In("w"), saved, c.D("x"), c.D("w"));
        },
        c =>
        {
            var s = new LogSumExp.Shape(c["n"], c["d"]);
            var saved = new LogSumExp.Saved<float>(s);
            Kernels.LogSumExp.Forward(s, c.In("x"), c.In("w"), c.Y, saved);
            return () => Kernels.LogSumExp.Backward(s, c.Dy, c.In("x"), c.In("w"), saved, c.D("x"), c.D("w"));
        });

    public static readonly LayerKernels OpHyperArithmetic = new(typeof(OpHyperArithmetic),
        c =>
        {
            var s = new OpHyperArithmetic.Shape(c["n"], c["d"]);
            var saved = new OpHyperArithmetic.Saved<double>(s);
            Kernels.OpHyperArithmetic.Forward(s, c.In("x"), c.In("a"), c.Y, saved, c.H("alpha"), c.H("beta"));
            return () => Kernels.OpHyperArithmetic.Backward(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"), c.H("alpha"), c.H("beta"));
        },
        c =>
        {
            var s = new OpHyperArithmetic.Shape(c["n"], c["d"]);
            var saved = new OpHyperArithmetic.Saved<float>(s);
            Kernels.OpHyperArithmetic.Forward(s, c.In("x"), c.In("a"), c.Y, saved, c.H("alpha"), c.H("beta"));
            return () => Kernels.OpHyperArithmetic.Backward(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"), c.H("alpha"), c.H("beta"));
        });

    public static readonly LayerKernels MiddleAxisNorm = new(typeof(MiddleAxisNorm),
        c =>
        {
            var s = new MiddleAxisNorm.Shape(c["n"], c["c"], c["d"]);
            var saved = new MiddleAxisNorm.Saved<double>(s);
            Kernels.MiddleAxisNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.MiddleAxisNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
        },
        c =>
        {
            var s = new MiddleAxisNorm.Shape(c["n"], c["c"], c["d"]);
            var saved = new MiddleAxisNorm.Saved<float>(s);
            Kernels.MiddleAxisNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.MiddleAxisNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
        });

    public static readonly LayerKernels GlobalRmsNorm = new(typeof(GlobalRmsNorm),
        c =>
        {
            var s = new GlobalRmsNorm.Shape(c["n"], c["d"]);
            var saved = new GlobalRmsNorm.Saved<double>(s);
            Kernels.GlobalRmsNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.GlobalRmsNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
        },
        c =>
        {
            var s = new GlobalRmsNorm.Shape(c["n"], c["d"]);
            var saved = new GlobalRmsNorm.Saved<float>(s);
            Kernels.GlobalRmsNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.GlobalRmsNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
        });

    public static readonly LayerKernels TransposedRmsNorm = new(typeof(TransposedRmsNorm),
        c =>
        {
            var s = new TransposedRmsNorm.Shape(c["n"], c["d"]);
            var saved = new TransposedRmsNorm.Saved<double>(s);
            Kernels.TransposedRmsNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.TransposedRmsNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
        },
        c =>
        {
            var s = new TransposedRmsNorm.Shape(c["n"], c["d"]);
            var saved = new TransposedRmsNorm.Saved<float>(s);
            Kernels.TransposedRmsNorm.Forward(s, c.In("x"), c.In("gamma"), c.Y, saved, c.H("eps"));
            return () => Kernels.TransposedRmsNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), saved, c.D("x"), c.D("gamma"), c.H("eps"));
        });

    public static readonly LayerKernels UnusedOperands = new(typeof(UnusedOperands),
        c =>
        {
            var s = new UnusedOperands.Shape(c["n"], c["d"]);
            var saved = new UnusedOperands.Saved<double>(s);
            Kernels.UnusedOperands.Forward(s, c.In("x"), c.In("other"), c.In("a"), c.In("unused"), c.Y, saved);
            return () => Kernels.UnusedOperands.Backward(s, c.Dy, c.In("x"), c.In("other"), c.In("a"), c.In("unused"), saved,
                                                         c.D("x"), c.D("other"), c.D("a"), c.D("unused"));
        },
        c =>
        {
            var s = new UnusedOperands.Shape(c["n"], c["d"]);
            var saved = new UnusedOperands.Saved<float>(s);
            Kernels.UnusedOperands.Forward(s, c.In("x"), c.In("other"), c.In("a"), c.In("unused"), c.Y, saved);
            return () => Kernels.UnusedOperands.Backward(s, c.Dy, c.In("x"), c.In("other"), c.In("a"), c.In("unused"), saved,
                                                         c.D("x"), c.D("other"), c.D("a"), c.D("unused"));
        });

    public static readonly LayerKernels SpecializedLayerNorm = new(typeof(SpecializedLayerNorm),
        c =>
        {
            var s = new SpecializedLayerNorm.Shape(c["n"], c["d"]);
            var saved = new SpecializedLayerNorm.Saved<double>(s);
            Kernels.SpecializedLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.SpecializedLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                               c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        },
        c =>
        {
            var s = new SpecializedLayerNorm.Shape(c["n"], c["d"]);
            var saved = new SpecializedLayerNorm.Saved<float>(s);
            Kernels.SpecializedLayerNorm.Forward(s, c.In("x"), c.In("gamma"), c.In("beta"), c.Y, saved, c.H("eps"));
            return () => Kernels.SpecializedLayerNorm.Backward(s, c.Dy, c.In("x"), c.In("gamma"), c.In("beta"), saved,
                                                               c.D("x"), c.D("gamma"), c.D("beta"), c.H("eps"));
        });

    // The op layers all have the signature Forward(Shape, x, a, y, saved) / Backward(Shape, dy, x, a, saved, dx, da),
    // so one generic adapter serves them, bound to each layer's overloads through method groups.
    public static readonly LayerKernels OpSqrt = Row(typeof(OpSqrt), (n, d) => new OpSqrt.Shape(n, d), s => new OpSqrt.Saved<double>(s), s => new OpSqrt.Saved<float>(s),
        Kernels.OpSqrt.Forward, Kernels.OpSqrt.Backward, Kernels.OpSqrt.Forward, Kernels.OpSqrt.Backward);
    public static readonly LayerKernels OpRsqrt = Row(typeof(OpRsqrt), (n, d) => new OpRsqrt.Shape(n, d), s => new OpRsqrt.Saved<double>(s), s => new OpRsqrt.Saved<float>(s),
        Kernels.OpRsqrt.Forward, Kernels.OpRsqrt.Backward, Kernels.OpRsqrt.Forward, Kernels.OpRsqrt.Backward);
    public static readonly LayerKernels OpExp = Row(typeof(OpExp), (n, d) => new OpExp.Shape(n, d), s => new OpExp.Saved<double>(s), s => new OpExp.Saved<float>(s),
        Kernels.OpExp.Forward, Kernels.OpExp.Backward, Kernels.OpExp.Forward, Kernels.OpExp.Backward);
    public static readonly LayerKernels OpLog = Row(typeof(OpLog), (n, d) => new OpLog.Shape(n, d), s => new OpLog.Saved<double>(s), s => new OpLog.Saved<float>(s),
        Kernels.OpLog.Forward, Kernels.OpLog.Backward, Kernels.OpLog.Forward, Kernels.OpLog.Backward);
    public static readonly LayerKernels OpTanh = Row(typeof(OpTanh), (n, d) => new OpTanh.Shape(n, d), s => new OpTanh.Saved<double>(s), s => new OpTanh.Saved<float>(s),
        Kernels.OpTanh.Forward, Kernels.OpTanh.Backward, Kernels.OpTanh.Forward, Kernels.OpTanh.Backward);
    public static readonly LayerKernels OpSigmoid = Row(typeof(OpSigmoid), (n, d) => new OpSigmoid.Shape(n, d), s => new OpSigmoid.Saved<double>(s), s => new OpSigmoid.Saved<float>(s),
        Kernels.OpSigmoid.Forward, Kernels.OpSigmoid.Backward, Kernels.OpSigmoid.Forward, Kernels.OpSigmoid.Backward);
    public static readonly LayerKernels OpSoftplus = Row(typeof(OpSoftplus), (n, d) => new OpSoftplus.Shape(n, d), s => new OpSoftplus.Saved<double>(s), s => new OpSoftplus.Saved<float>(s),
        Kernels.OpSoftplus.Forward, Kernels.OpSoftplus.Backward, Kernels.OpSoftplus.Forward, Kernels.OpSoftplus.Backward);
    public static readonly LayerKernels OpAbs = Row(typeof(OpAbs), (n, d) => new OpAbs.Shape(n, d), s => new OpAbs.Saved<double>(s), s => new OpAbs.Saved<float>(s),
        Kernels.OpAbs.Forward, Kernels.OpAbs.Backward, Kernels.OpAbs.Forward, Kernels.OpAbs.Backward);
    public static readonly LayerKernels OpSquare = Row(typeof(OpSquare), (n, d) => new OpSquare.Shape(n, d), s => new OpSquare.Saved<double>(s), s => new OpSquare.Saved<float>(s),
        Kernels.OpSquare.Forward, Kernels.OpSquare.Backward, Kernels.OpSquare.Forward, Kernels.OpSquare.Backward);
    public static readonly LayerKernels OpPowThreeHalves = Row(typeof(OpPowThreeHalves), (n, d) => new OpPowThreeHalves.Shape(n, d), s => new OpPowThreeHalves.Saved<double>(s), s => new OpPowThreeHalves.Saved<float>(s),
        Kernels.OpPowThreeHalves.Forward, Kernels.OpPowThreeHalves.Backward, Kernels.OpPowThreeHalves.Forward, Kernels.OpPowThreeHalves.Backward);
    public static readonly LayerKernels OpPowCube = Row(typeof(OpPowCube), (n, d) => new OpPowCube.Shape(n, d), s => new OpPowCube.Saved<double>(s), s => new OpPowCube.Saved<float>(s),
        Kernels.OpPowCube.Forward, Kernels.OpPowCube.Backward, Kernels.OpPowCube.Forward, Kernels.OpPowCube.Backward);
    public static readonly LayerKernels OpPowMinusHalf = Row(typeof(OpPowMinusHalf), (n, d) => new OpPowMinusHalf.Shape(n, d), s => new OpPowMinusHalf.Saved<double>(s), s => new OpPowMinusHalf.Saved<float>(s),
        Kernels.OpPowMinusHalf.Forward, Kernels.OpPowMinusHalf.Backward, Kernels.OpPowMinusHalf.Forward, Kernels.OpPowMinusHalf.Backward);
    public static readonly LayerKernels OpPowSquare = Row(typeof(OpPowSquare), (n, d) => new OpPowSquare.Shape(n, d), s => new OpPowSquare.Saved<double>(s), s => new OpPowSquare.Saved<float>(s),
        Kernels.OpPowSquare.Forward, Kernels.OpPowSquare.Backward, Kernels.OpPowSquare.Forward, Kernels.OpPowSquare.Backward);
    public static readonly LayerKernels OpPowTrivial = Row(typeof(OpPowTrivial), (n, d) => new OpPowTrivial.Shape(n, d), s => new OpPowTrivial.Saved<double>(s), s => new OpPowTrivial.Saved<float>(s),
        Kernels.OpPowTrivial.Forward, Kernels.OpPowTrivial.Backward, Kernels.OpPowTrivial.Forward, Kernels.OpPowTrivial.Backward);
    public static readonly LayerKernels OpMaximum = Row(typeof(OpMaximum), (n, d) => new OpMaximum.Shape(n, d), s => new OpMaximum.Saved<double>(s), s => new OpMaximum.Saved<float>(s),
        Kernels.OpMaximum.Forward, Kernels.OpMaximum.Backward, Kernels.OpMaximum.Forward, Kernels.OpMaximum.Backward);
    public static readonly LayerKernels OpMinimum = Row(typeof(OpMinimum), (n, d) => new OpMinimum.Shape(n, d), s => new OpMinimum.Saved<double>(s), s => new OpMinimum.Saved<float>(s),
        Kernels.OpMinimum.Forward, Kernels.OpMinimum.Backward, Kernels.OpMinimum.Forward, Kernels.OpMinimum.Backward);
    public static readonly LayerKernels OpAdd = Row(typeof(OpAdd), (n, d) => new OpAdd.Shape(n, d), s => new OpAdd.Saved<double>(s), s => new OpAdd.Saved<float>(s),
        Kernels.OpAdd.Forward, Kernels.OpAdd.Backward, Kernels.OpAdd.Forward, Kernels.OpAdd.Backward);
    public static readonly LayerKernels OpSubtract = Row(typeof(OpSubtract), (n, d) => new OpSubtract.Shape(n, d), s => new OpSubtract.Saved<double>(s), s => new OpSubtract.Saved<float>(s),
        Kernels.OpSubtract.Forward, Kernels.OpSubtract.Backward, Kernels.OpSubtract.Forward, Kernels.OpSubtract.Backward);
    public static readonly LayerKernels OpMultiply = Row(typeof(OpMultiply), (n, d) => new OpMultiply.Shape(n, d), s => new OpMultiply.Saved<double>(s), s => new OpMultiply.Saved<float>(s),
        Kernels.OpMultiply.Forward, Kernels.OpMultiply.Backward, Kernels.OpMultiply.Forward, Kernels.OpMultiply.Backward);
    public static readonly LayerKernels OpDivide = Row(typeof(OpDivide), (n, d) => new OpDivide.Shape(n, d), s => new OpDivide.Saved<double>(s), s => new OpDivide.Saved<float>(s),
        Kernels.OpDivide.Forward, Kernels.OpDivide.Backward, Kernels.OpDivide.Forward, Kernels.OpDivide.Backward);
    public static readonly LayerKernels OpNegate = Row(typeof(OpNegate), (n, d) => new OpNegate.Shape(n, d), s => new OpNegate.Saved<double>(s), s => new OpNegate.Saved<float>(s),
        Kernels.OpNegate.Forward, Kernels.OpNegate.Backward, Kernels.OpNegate.Forward, Kernels.OpNegate.Backward);
    public static readonly LayerKernels OpSum = Row(typeof(OpSum), (n, d) => new OpSum.Shape(n, d), s => new OpSum.Saved<double>(s), s => new OpSum.Saved<float>(s),
        Kernels.OpSum.Forward, Kernels.OpSum.Backward, Kernels.OpSum.Forward, Kernels.OpSum.Backward);
    public static readonly LayerKernels OpMean = Row(typeof(OpMean), (n, d) => new OpMean.Shape(n, d), s => new OpMean.Saved<double>(s), s => new OpMean.Saved<float>(s),
        Kernels.OpMean.Forward, Kernels.OpMean.Backward, Kernels.OpMean.Forward, Kernels.OpMean.Backward);
    public static readonly LayerKernels OpVar = Row(typeof(OpVar), (n, d) => new OpVar.Shape(n, d), s => new OpVar.Saved<double>(s), s => new OpVar.Saved<float>(s),
        Kernels.OpVar.Forward, Kernels.OpVar.Backward, Kernels.OpVar.Forward, Kernels.OpVar.Backward);
    public static readonly LayerKernels OpMax = Row(typeof(OpMax), (n, d) => new OpMax.Shape(n, d), s => new OpMax.Saved<double>(s), s => new OpMax.Saved<float>(s),
        Kernels.OpMax.Forward, Kernels.OpMax.Backward, Kernels.OpMax.Forward, Kernels.OpMax.Backward);
    public static readonly LayerKernels OpMin = Row(typeof(OpMin), (n, d) => new OpMin.Shape(n, d), s => new OpMin.Saved<double>(s), s => new OpMin.Saved<float>(s),
        Kernels.OpMin.Forward, Kernels.OpMin.Backward, Kernels.OpMin.Forward, Kernels.OpMin.Backward);
    public static readonly LayerKernels OpPowLargeInteger = Row(typeof(OpPowLargeInteger), (n, d) => new OpPowLargeInteger.Shape(n, d), s => new OpPowLargeInteger.Saved<double>(s), s => new OpPowLargeInteger.Saved<float>(s),
        Kernels.OpPowLargeInteger.Forward, Kernels.OpPowLargeInteger.Backward, Kernels.OpPowLargeInteger.Forward, Kernels.OpPowLargeInteger.Backward);
    public static readonly LayerKernels OpMaxMinOverRows = Row(typeof(OpMaxMinOverRows), (n, d) => new OpMaxMinOverRows.Shape(n, d), s => new OpMaxMinOverRows.Saved<double>(s), s => new OpMaxMinOverRows.Saved<float>(s),
        Kernels.OpMaxMinOverRows.Forward, Kernels.OpMaxMinOverRows.Backward, Kernels.OpMaxMinOverRows.Forward, Kernels.OpMaxMinOverRows.Backward);

    public delegate void RowForward<TShape, TSaved, T>(TShape s, ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> y, TSaved saved);

    public delegate void RowBackward<TShape, TSaved, T>(TShape s, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> a, TSaved saved, Span<T> dx, Span<T> da);

    internal static LayerKernels Row<TShape, TSavedD, TSavedF>(
        Type layer, Func<int, int, TShape> shape, Func<TShape, TSavedD> savedD, Func<TShape, TSavedF> savedF,
        RowForward<TShape, TSavedD, double> forwardD, RowBackward<TShape, TSavedD, double> backwardD,
        RowForward<TShape, TSavedF, float> forwardF, RowBackward<TShape, TSavedF, float> backwardF) =>
        new(layer,
            c =>
            {
                var s = shape(c["n"], c["d"]);
                var saved = savedD(s);
                forwardD(s, c.In("x"), c.In("a"), c.Y, saved);
                return () => backwardD(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"));
            },
            c =>
            {
                var s = shape(c["n"], c["d"]);
                var saved = savedF(s);
                forwardF(s, c.In("x"), c.In("a"), c.Y, saved);
                return () => backwardF(s, c.Dy, c.In("x"), c.In("a"), saved, c.D("x"), c.D("a"));
            });
}
