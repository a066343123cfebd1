using System.Runtime.InteropServices;
using NormGen.Benchmarks.Benchmarks;

namespace NormGen.Benchmarks.Tests;

/// <summary>Each <see cref="StorageConversions"/> method once on an odd length (vectors and a scalar tail), checked element by element.</summary>
public sealed class StorageConversionBenchmarkTests
{
    [Fact]
    public void Every_method_converts_every_element()
    {
        var b = new StorageConversions { Length = 1027 };
        b.Setup();
        try
        {
            var floatIn = b.FloatInput.ToArray();
            var storageIn = MemoryMarshal.Cast<float, ushort>(b.StorageInput.Span)[..b.Length].ToArray();
            ushort StorageOut(int i) => MemoryMarshal.Cast<float, ushort>(b.StorageOutput.Span)[i];

            Check(b.CopyFloat, i => b.FloatOutput.Span[i] == floatIn[i]);
            Check(b.CopyGeneric, i => b.FloatOutput.Span[i] == floatIn[i]);
            Check(b.WidenHalf, i => b.FloatOutput.Span[i] == (float)BitConverter.UInt16BitsToHalf(storageIn[i]));
            Check(b.WidenBFloat16, i => b.FloatOutput.Span[i].Equals((float)BFloat16.UInt16BitsToBFloat16(storageIn[i])));
            Check(b.NarrowHalf, i => StorageOut(i) == BitConverter.HalfToUInt16Bits((Half)floatIn[i]));
            Check(b.NarrowBFloat16, i => StorageOut(i) == BFloat16.BFloat16ToUInt16Bits((BFloat16)floatIn[i]));
            Check(b.RoundTripHalf, i => StorageOut(i) == storageIn[i]);
            Check(b.RoundTripBFloat16, i => StorageOut(i) == (((storageIn[i] & 0x7FFF) > 0x7F80) ? storageIn[i] | 0x40 : storageIn[i]));
        }
        finally
        {
            b.Cleanup();
        }

        void Check(Action method, Func<int, bool> elementIsRight)
        {
            b.FloatOutput.Span.Fill(float.NaN);
            MemoryMarshal.Cast<float, ushort>(b.StorageOutput.Span).Fill(0xDEAD);
            method();
            for (int i = 0; i < b.Length; i++) Assert.True(elementIsRight(i), $"{method.Method.Name}: element {i}");
        }
    }
}
