using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NormGen.Benchmarks.Infrastructure;
using Gen = NormGen.TestLayers;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>
/// Issue 13's speed target for the mixed-precision overloads (docs/precision.md): the generated LayerNorm and RMSNorm
/// at 4096 x 1024, forward and backward, with bfloat16 (and Half) tensors against the float32 generated kernel of the
/// same layer in the same run: each category's float32 row is its baseline, so Ratio is the bfloat16 time in float32
/// times (target: at most 1 / 1.6 = 0.625). The tensors move half the bytes; parameters, Saved and the arithmetic stay
/// float. Single-threaded (Threading.MaxThreads = 1): the bytes per second of one core, steadier on a shared machine.
/// </summary>
[Config(typeof(Config))]
public class MixedPrecision
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }

    [Params(4096)]
    public int Rows { get; set; }

    [Params(1024)]
    public int Features { get; set; }

    private int Elements => Rows * Features;

    // The float tensors, and the same values rounded to bfloat16 and Half (2-byte elements packed in float buffers of
    // half the length, 64-byte aligned like the rest); parameters and their gradients are float.
    private readonly Tensors _single = new(), _bfloat16 = new(), _half = new();
    private NativeBuffer _gamma = null!, _beta = null!, _dgamma = null!, _dbeta = null!;
    private Gen.LayerNorm.Saved<float> _lnSingle = null!, _lnBFloat16 = null!, _lnHalf = null!;
    private Gen.RmsNorm.Saved<float> _rmsSingle = null!, _rmsBFloat16 = null!, _rmsHalf = null!;
    private Gen.LayerNorm.Shape _ln;
    private Gen.RmsNorm.Shape _rms;

    private sealed class Tensors
    {
        public NativeBuffer X = null!, Dy = null!, Y = null!, Dx = null!;

        public void Dispose()
        {
            X.Dispose();
            Dy.Dispose();
            Y.Dispose();
            Dx.Dispose();
        }
    }

    private static Span<S> As<S>(NativeBuffer buffer, int length) where S : unmanaged => MemoryMarshal.Cast<float, S>(buffer.Span)[..length];

    [GlobalSetup]
    public void Setup()
    {
        NormGen.Kernels.Threading.MaxThreads = 1;
        _ln = new Gen.LayerNorm.Shape(Rows, Features);
        _rms = new Gen.RmsNorm.Shape(Rows, Features);
        _single.X = new NativeBuffer(Elements);
        _single.Dy = new NativeBuffer(Elements);
        _single.Y = new NativeBuffer(Elements);
        _single.Dx = new NativeBuffer(Elements);
        TestData.Fill(_single.X.Span, seed: 21, scale: 1.5f, offset: 0.25f);
        TestData.Fill(_single.Dy.Span, seed: 22);
        foreach (var narrow in new[] { _bfloat16, _half })
        {
            narrow.X = new NativeBuffer((Elements + 1) / 2);
            narrow.Dy = new NativeBuffer((Elements + 1) / 2);
            narrow.Y = new NativeBuffer((Elements + 1) / 2);
            narrow.Dx = new NativeBuffer((Elements + 1) / 2);
        }
        for (int i = 0; i < Elements; i++)
        {
            As<BFloat16>(_bfloat16.X, Elements)[i] = (BFloat16)_single.X.Span[i];
            As<BFloat16>(_bfloat16.Dy, Elements)[i] = (BFloat16)_single.Dy.Span[i];
            As<Half>(_half.X, Elements)[i] = (Half)_single.X.Span[i];
            As<Half>(_half.Dy, Elements)[i] = (Half)_single.Dy.Span[i];
        }
        _gamma = new NativeBuffer(Features);
        _beta = new NativeBuffer(Features);
        _dgamma = new NativeBuffer(Features);
        _dbeta = new NativeBuffer(Features);
        TestData.Fill(_gamma.Span, seed: 23, scale: 0.5f, offset: 1f);
        TestData.Fill(_beta.Span, seed: 24, scale: 0.5f);
        (_lnSingle, _lnBFloat16, _lnHalf) = (new(_ln), new(_ln), new(_ln));
        (_rmsSingle, _rmsBFloat16, _rmsHalf) = (new(_rms), new(_rms), new(_rms));
        // Each Backward reads what the Forward of its own precision saved.
        LayerNormForwardFloat32();
        LayerNormForwardBFloat16();
        LayerNormForwardHalf();
        RmsNormForwardFloat32();
        RmsNormForwardBFloat16();
        RmsNormForwardHalf();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NormGen.Kernels.Threading.MaxThreads = Environment.ProcessorCount;
        foreach (var t in new[] { _single, _bfloat16, _half }) t.Dispose();
        foreach (var b in new[] { _gamma, _beta, _dgamma, _dbeta }) b.Dispose();
    }

    // ---- LayerNorm ----

    [BenchmarkCategory("LayerNormForward"), Benchmark(Baseline = true)]
    public void LayerNormForwardFloat32() =>
        Gen.LayerNorm.Forward(_ln, _single.X.Span, _gamma.Span, _beta.Span, _single.Y.Span, _lnSingle);

    [BenchmarkCategory("LayerNormForward"), Benchmark]
    public void LayerNormForwardBFloat16() =>
        Gen.LayerNorm.Forward(_ln, As<BFloat16>(_bfloat16.X, Elements), _gamma.Span, _beta.Span, As<BFloat16>(_bfloat16.Y, Elements), _lnBFloat16);

    [BenchmarkCategory("LayerNormForward"), Benchmark]
    public void LayerNormForwardHalf() =>
        Gen.LayerNorm.Forward(_ln, As<Half>(_half.X, Elements), _gamma.Span, _beta.Span, As<Half>(_half.Y, Elements), _lnHalf);

    [BenchmarkCategory("LayerNormBackward"), Benchmark(Baseline = true)]
    public void LayerNormBackwardFloat32() =>
        Gen.LayerNorm.Backward(_ln, _single.Dy.Span, _single.X.Span, _gamma.Span, _beta.Span, _lnSingle, _single.Dx.Span, _dgamma.Span, _dbeta.Span);

    [BenchmarkCategory("LayerNormBackward"), Benchmark]
    public void LayerNormBackwardBFloat16() =>
        Gen.LayerNorm.Backward(_ln, As<BFloat16>(_bfloat16.Dy, Elements), As<BFloat16>(_bfloat16.X, Elements), _gamma.Span, _beta.Span, _lnBFloat16,
            As<BFloat16>(_bfloat16.Dx, Elements), _dgamma.Span, _dbeta.Span);

    [BenchmarkCategory("LayerNormBackward"), Benchmark]
    public void LayerNormBackwardHalf() =>
        Gen.LayerNorm.Backward(_ln, As<Half>(_half.Dy, Elements), As<Half>(_half.X, Elements), _gamma.Span, _beta.Span, _lnHalf,
            As<Half>(_half.Dx, Elements), _dgamma.Span, _dbeta.Span);

    // ---- RMSNorm ----

    [BenchmarkCategory("RmsNormForward"), Benchmark(Baseline = true)]
    public void RmsNormForwardFloat32() =>
        Gen.RmsNorm.Forward(_rms, _single.X.Span, _gamma.Span, _single.Y.Span, _rmsSingle);

    [BenchmarkCategory("RmsNormForward"), Benchmark]
    public void RmsNormForwardBFloat16() =>
        Gen.RmsNorm.Forward(_rms, As<BFloat16>(_bfloat16.X, Elements), _gamma.Span, As<BFloat16>(_bfloat16.Y, Elements), _rmsBFloat16);

    [BenchmarkCategory("RmsNormForward"), Benchmark]
    public void RmsNormForwardHalf() =>
        Gen.RmsNorm.Forward(_rms, As<Half>(_half.X, Elements), _gamma.Span, As<Half>(_half.Y, Elements), _rmsHalf);

    [BenchmarkCategory("RmsNormBackward"), Benchmark(Baseline = true)]
    public void RmsNormBackwardFloat32() =>
        Gen.RmsNorm.Backward(_rms, _single.Dy.Span, _single.X.Span, _gamma.Span, _rmsSingle, _single.Dx.Span, _dgamma.Span);

    [BenchmarkCategory("RmsNormBackward"), Benchmark]
    public void RmsNormBackwardBFloat16() =>
        Gen.RmsNorm.Backward(_rms, As<BFloat16>(_bfloat16.Dy, Elements), As<BFloat16>(_bfloat16.X, Elements), _gamma.Span, _rmsBFloat16,
            As<BFloat16>(_bfloat16.Dx, Elements), _dgamma.Span);

    [BenchmarkCategory("RmsNormBackward"), Benchmark]
    public void RmsNormBackwardHalf() =>
        Gen.RmsNorm.Backward(_rms, As<Half>(_half.Dy, Elements), As<Half>(_half.X, Elements), _gamma.Span, _rmsHalf,
            As<Half>(_half.Dx, Elements), _dgamma.Span);

    /// <summary>The outputs, for the check in NormGen.Benchmarks.Tests: y and dx of each precision, widened to float.</summary>
    public (float[] Single, float[] BFloat16, float[] Half) Outputs(bool gradient)
    {
        NativeBuffer Pick(Tensors t) => gradient ? t.Dx : t.Y;
        return (Pick(_single).Span[..Elements].ToArray(),
                As<BFloat16>(Pick(_bfloat16), Elements).ToArray().Select(v => (float)v).ToArray(),
                As<Half>(Pick(_half), Elements).ToArray().Select(v => (float)v).ToArray());
    }
}
