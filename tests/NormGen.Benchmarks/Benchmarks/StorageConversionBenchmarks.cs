using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using NormGen.Benchmarks.Infrastructure;
using NormGen.Kernels;

namespace NormGen.Benchmarks.Benchmarks;

/// <summary>
/// Issue 13's storage conversions at memory speed: <see cref="ISimd{TV, T}.Load{TStorage}"/> and
/// <see cref="ISimd{TV, T}.Store{TStorage}"/> over 4 Mi elements (a 4096x1024 activation), single thread, at the
/// width the generated kernels pick, against a float copy of the same element count (16 MB in, 16 MB out; the
/// baseline, so Ratio is the time in float copies). Widen reads 8 MB of Half or bfloat16 and writes 16 MB of float,
/// Narrow the reverse; RoundTrip reads and writes the 2-byte type (8 MB each way: what a kernel with bfloat16 inputs
/// and outputs moves, half the float copy's bytes). CopyGeneric is the float copy through <c>Load&lt;float&gt;</c>,
/// which must cost what the plain copy costs.
/// </summary>
[Config(typeof(Config))]
public class StorageConversions
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddDiagnoser(MemoryDiagnoser.Default);
    }

    [Params(4096 * 1024)]
    public int Length { get; set; }

    private NativeBuffer _floatIn = null!, _floatOut = null!, _storageIn = null!, _storageOut = null!;

    [GlobalSetup]
    public void Setup()
    {
        _floatIn = new NativeBuffer(Length);
        _floatOut = new NativeBuffer(Length);
        TestData.Fill(_floatIn.Span, seed: 13, scale: 4f, offset: 0f);
        // Two-byte elements live in float buffers of half the length (64-byte aligned like the rest). The input holds
        // the Half values of the float input; read as bfloat16 they are other numbers, which the branch-free
        // conversions take in the same time.
        _storageIn = new NativeBuffer((Length + 1) / 2);
        _storageOut = new NativeBuffer((Length + 1) / 2);
        ref ushort bits = ref BitCast<ushort>(_storageIn);
        for (int i = 0; i < Length; i++) Unsafe.Add(ref bits, i) = BitConverter.HalfToUInt16Bits((Half)_floatIn.Span[i]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floatIn.Dispose();
        _floatOut.Dispose();
        _storageIn.Dispose();
        _storageOut.Dispose();
    }

    /// <summary>The buffers, for the check in NormGen.Benchmarks.Tests.</summary>
    public NativeBuffer FloatInput => _floatIn;
    public NativeBuffer FloatOutput => _floatOut;
    public NativeBuffer StorageInput => _storageIn;
    public NativeBuffer StorageOutput => _storageOut;

    [Benchmark(Baseline = true)]
    public void CopyFloat() => Run<float, float>(ref _floatIn.Span[0], ref _floatOut.Span[0], generic: false);

    [Benchmark]
    public void CopyGeneric() => Run<float, float>(ref _floatIn.Span[0], ref _floatOut.Span[0], generic: true);

    [Benchmark]
    public void WidenBFloat16() => Run<BFloat16, float>(ref BitCast<BFloat16>(_storageIn), ref _floatOut.Span[0]);

    [Benchmark]
    public void NarrowBFloat16() => Run<float, BFloat16>(ref _floatIn.Span[0], ref BitCast<BFloat16>(_storageOut));

    [Benchmark]
    public void RoundTripBFloat16() => Run<BFloat16, BFloat16>(ref BitCast<BFloat16>(_storageIn), ref BitCast<BFloat16>(_storageOut));

    [Benchmark]
    public void WidenHalf() => Run<Half, float>(ref BitCast<Half>(_storageIn), ref _floatOut.Span[0]);

    [Benchmark]
    public void NarrowHalf() => Run<float, Half>(ref _floatIn.Span[0], ref BitCast<Half>(_storageOut));

    [Benchmark]
    public void RoundTripHalf() => Run<Half, Half>(ref BitCast<Half>(_storageIn), ref BitCast<Half>(_storageOut));

    private static ref TStorage BitCast<TStorage>(NativeBuffer buffer) => ref Unsafe.As<float, TStorage>(ref buffer.Span[0]);

    private void Run<TIn, TOut>(ref TIn source, ref TOut destination, bool generic = true)
        where TIn : unmanaged where TOut : unmanaged
    {
        if (Vector512.IsHardwareAccelerated) Loop<Simd512<float>, Vector512<float>, TIn, TOut>(ref source, ref destination, Length, generic);
        else if (Vector256.IsHardwareAccelerated) Loop<Simd256<float>, Vector256<float>, TIn, TOut>(ref source, ref destination, Length, generic);
        else Loop<Simd128<float>, Vector128<float>, TIn, TOut>(ref source, ref destination, Length, generic);
    }

    // As a generated kernel's element-wise sweep: whole vectors, then the tail lane by lane through Scalar.
    private static void Loop<V, TV, TIn, TOut>(ref TIn source, ref TOut destination, int length, bool generic)
        where V : struct, ISimd<TV, float> where TIn : unmanaged where TOut : unmanaged
    {
        nint i = 0, whole = length - length % V.Count;
        if (!generic && typeof(TIn) == typeof(float) && typeof(TOut) == typeof(float))
        {
            ref float s = ref Unsafe.As<TIn, float>(ref source), d = ref Unsafe.As<TOut, float>(ref destination);
            for (; i < whole; i += V.Count) V.Store(V.Load(ref s, i), ref d, i);
        }
        else
        {
            for (; i < whole; i += V.Count) V.Store(V.Load(ref source, i), ref destination, i);
        }
        for (; i < length; i++) Scalar<float>.Store(Scalar<float>.Load(ref source, i), ref destination, i);
    }
}
