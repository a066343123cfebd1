using System.Diagnostics;
using System.Reflection;
using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// The float bit patterns the narrowing tests convert. By default a dense sample: every one of the 2^16 upper halves
/// (every sign, exponent and bfloat16 significand) with low halves at each rounding boundary of bfloat16 (bit 15)
/// and of Half (bit 13 for normal results, bits 14 to 23 for subnormal ones: exactly half, just below, just above)
/// plus two random low halves, and every 4099th pattern besides (about 2.2 million in all).
/// <c>NORMGEN_CONVERSIONS_FULL=1</c> takes all 2^32 (Release: 3 to 7 minutes per test, 21 for the storage and
/// BFloat16 tests together, measured on a 2-core machine shared with other jobs).
/// </summary>
internal static class ConversionSamples
{
    public static readonly bool Full = Environment.GetEnvironmentVariable("NORMGEN_CONVERSIONS_FULL") == "1";

    private static readonly ushort[] s_lowHalves =
        [0x0000, 0x0001, 0x0FFF, 0x1000, 0x1001, 0x2000, 0x3000, 0x3FFF, 0x4000, 0x4001, 0x7FFF, 0x8000, 0x8001, 0xA000, 0xC000, 0xFFFF];

    /// <summary>Calls <paramref name="check"/> on chunks of 2^16 patterns (a multiple of every vector width).</summary>
    public static void ForEachChunk(Action<uint[]> check)
    {
        if (Full)
        {
            Parallel.For(0, 1 << 16, upper =>
            {
                var chunk = new uint[1 << 16];
                for (int low = 0; low < chunk.Length; low++) chunk[low] = ((uint)upper << 16) | (uint)low;
                check(chunk);
            });
            return;
        }
        var random = new Random(13);
        var sample = new List<uint>();
        for (uint upper = 0; upper < 1 << 16; upper++)
        {
            foreach (ushort low in s_lowHalves) sample.Add((upper << 16) | low);
            sample.Add((upper << 16) | (uint)random.Next(1 << 16));
            sample.Add((upper << 16) | (uint)random.Next(1 << 16));
        }
        for (long bits = 0; bits <= uint.MaxValue; bits += 4099) sample.Add((uint)bits);
        while (sample.Count % (1 << 16) != 0) sample.Add((uint)random.Next() * 2u + (uint)random.Next(2));
        var all = sample.ToArray();
        Parallel.For(0, all.Length >> 16, c => check(all[(c << 16)..((c + 1) << 16)]));
    }

    /// <summary>True when NormGen.Runtime's vector code is optimized (a Release build), as the full sweep needs.</summary>
    public static bool RuntimeOptimized =>
        typeof(Scalar<float>).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
}
