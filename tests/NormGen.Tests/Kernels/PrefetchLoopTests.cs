using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// A sweep that prefetches the next rows has its vector loop twice, with the prefetch lines and without, chosen per row
/// by whether any row is prefetched (Emit/Loops/Prefetch.cs, Switch): both copies give the same bits.
/// </summary>
// Changes the process-wide Prefetch.MinRowBytes: serialized with the other tests that do.
[Collection(nameof(ThreadingTests))]
public sealed class PrefetchLoopTests
{
    public static TheoryData<string> Names() => new(FormulaCases.Custom.Concat(FormulaCases.Ops).Concat(FormulaCases.Reference).Select(c => c.Name));

    /// <summary>
    /// Every formula case with no row prefetched (every sweep runs its plain loop) and with every row but a chunk's last
    /// prefetched (the loop with the lines): the same bits. The cases' rows are far below the default 8 KB, so this is
    /// the only test that runs the prefetching copies of most kernels.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void The_loops_with_and_without_prefetch_lines_give_the_same_bits(string name)
    {
        int before = Prefetch.MinRowBytes;
        KernelHarness.AssertSameBitsUnder(FormulaCases.Named(name), () => Prefetch.MinRowBytes = before,
            ("no row prefetched", () => Prefetch.MinRowBytes = int.MaxValue),
            ("every next row prefetched", () => Prefetch.MinRowBytes = 1));
    }
}
