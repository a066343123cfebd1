using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using NormGen.Benchmarks.Baselines;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Kernels;
using Gen = NormGen.TestLayers;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>
/// Issue 14's "transcendentals at memory speed": y = f(x) over a whole buffer, single thread, with NormGen's float
/// function (the <c>ISimd</c> width the generated kernels pick: Simd512 when Vector512 is accelerated, else
/// Simd256) against System.Numerics.Tensors' TensorPrimitives and a copy of the same bytes (the baseline, so Ratio
/// is the time in copies). One class per function; Exp and Log add .NET's own Vector512/256.Exp and .Log, Tanh the
/// generated DyT forward. Not a <see cref="NormBenchmark"/>: no layer, no reference kernel.
/// </summary>
[Config(typeof(Config))]
public abstract class TranscendentalBenchmark
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddDiagnoser(MemoryDiagnoser.Default);
    }

    /// <summary>4 Ki floats (in L1: the functions' own cost), 4 Mi floats (DyT's 4096x1024: 16 MB in, 16 MB out).</summary>
    [Params(4096, 4096 * 1024)]
    public int Length { get; set; }

    protected NativeBuffer X { get; private set; } = null!;
    protected NativeBuffer Y { get; private set; } = null!;

    /// <summary>Inputs are uniform in [offset - scale, offset + scale).</summary>
    protected virtual (float Scale, float Offset) Range => (4f, 0f);

    [GlobalSetup]
    public virtual void Setup()
    {
        X = new NativeBuffer(Length);
        TestData.Fill(X.Span, seed: 5, Range.Scale, Range.Offset);
        Y = new NativeBuffer(Length);
        Threading.MaxThreads = 1;
    }

    [GlobalCleanup]
    public virtual void Cleanup()
    {
        X.Dispose();
        Y.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Copy() => Vec.Copy(ref X.Span[0], ref Y.Span[0], (nuint)Length);

    [Benchmark]
    public void NormGen()
    {
        ref float s = ref X.Span[0], d = ref Y.Span[0];
        if (Vector512.IsHardwareAccelerated) Apply<Simd512<float>, Vector512<float>>(ref s, ref d, Length);
        else Apply<Simd256<float>, Vector256<float>>(ref s, ref d, Length);
    }

    [Benchmark]
    public void TensorPrimitives() => ApplyTensorPrimitives(X.Span, Y.Span);

    protected abstract void Apply<V, TV>(ref float source, ref float destination, int length) where V : struct, ISimd<TV, float>;

    protected abstract void ApplyTensorPrimitives(ReadOnlySpan<float> source, Span<float> destination);
}

public class ExpThroughput : TranscendentalBenchmark
{
    protected override void Apply<V, TV>(ref float s, ref float d, int n)
    {
        for (nint i = 0; i < n; i += V.Count) V.Store(V.Exp(V.Load(ref s, i)), ref d, i);
    }

    protected override void ApplyTensorPrimitives(ReadOnlySpan<float> source, Span<float> destination) => TP.Exp(source, destination);

    /// <summary>.NET's Vector512.Exp (Vector256 when 512 is not accelerated): NormGen's float Exp before issue 14.</summary>
    [Benchmark]
    public void DotNetVector()
    {
        ref float s = ref X.Span[0], d = ref Y.Span[0];
        if (Vector512.IsHardwareAccelerated)
            for (nuint i = 0; i < (nuint)Length; i += (nuint)Vector512<float>.Count) Vector512.Exp(Vector512.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
        else
            for (nuint i = 0; i < (nuint)Length; i += (nuint)Vector256<float>.Count) Vector256.Exp(Vector256.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
    }
}

public class LogThroughput : TranscendentalBenchmark
{
    protected override (float Scale, float Offset) Range => (10f, 10.5f);

    protected override void Apply<V, TV>(ref float s, ref float d, int n)
    {
        for (nint i = 0; i < n; i += V.Count) V.Store(V.Log(V.Load(ref s, i)), ref d, i);
    }

    protected override void ApplyTensorPrimitives(ReadOnlySpan<float> source, Span<float> destination) => TP.Log(source, destination);

    /// <summary>.NET's Vector512.Log (Vector256 when 512 is not accelerated): NormGen's float Log before issue 14.</summary>
    [Benchmark]
    public void DotNetVector()
    {
        ref float s = ref X.Span[0], d = ref Y.Span[0];
        if (Vector512.IsHardwareAccelerated)
            for (nuint i = 0; i < (nuint)Length; i += (nuint)Vector512<float>.Count) Vector512.Log(Vector512.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
        else
            for (nuint i = 0; i < (nuint)Length; i += (nuint)Vector256<float>.Count) Vector256.Log(Vector256.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
    }
}

public class TanhThroughput : TranscendentalBenchmark
{
    private NativeBuffer gamma = null!, beta = null!;
    private Gen.DyT.Shape shape;
    private Gen.DyT.Saved<float> saved = null!;

    public override void Setup()
    {
        base.Setup();
        shape = new Gen.DyT.Shape(n: Math.Max(1, Length / 1024), d: Math.Min(Length, 1024));
        saved = new Gen.DyT.Saved<float>(shape);
        gamma = new NativeBuffer(shape.d);
        beta = new NativeBuffer(shape.d);
        TestData.Fill(gamma.Span, seed: 6);
    }

    public override void Cleanup()
    {
        base.Cleanup();
        gamma.Dispose();
        beta.Dispose();
    }

    protected override void Apply<V, TV>(ref float s, ref float d, int n)
    {
        for (nint i = 0; i < n; i += V.Count) V.Store(V.Tanh(V.Load(ref s, i)), ref d, i);
    }

    protected override void ApplyTensorPrimitives(ReadOnlySpan<float> source, Span<float> destination) => TP.Tanh(source, destination);

    /// <summary>The generated DyT forward, gamma * tanh(0.5 x) + beta, over the same floats (rows of 1024).</summary>
    [Benchmark]
    public void DyTForward() => Gen.DyT.Forward(shape, X.Span, gamma.Span, beta.Span, Y.Span, saved, 0.5f);
}

public class SigmoidThroughput : TranscendentalBenchmark
{
    protected override void Apply<V, TV>(ref float s, ref float d, int n)
    {
        for (nint i = 0; i < n; i += V.Count) V.Store(V.Sigmoid(V.Load(ref s, i)), ref d, i);
    }

    protected override void ApplyTensorPrimitives(ReadOnlySpan<float> source, Span<float> destination) => TP.Sigmoid(source, destination);
}
