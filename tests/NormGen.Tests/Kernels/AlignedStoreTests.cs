using NormGen.Kernels;

namespace NormGen.Tests.Kernels;

/// <summary>
/// Element-wise sweeps start with a scalar head up to the vector boundary of the row they store (Emit/Loops/AlignedHead.cs,
/// NormGen.Kernels.Alignment): so the same data gives the same bits wherever its buffers lie, and the head is exactly the
/// distance to the boundary.
/// </summary>
public sealed class AlignedStoreTests
{
    [Fact]
    public void The_head_reaches_the_next_vector_boundary_and_never_passes_the_row()
    {
        var data = GC.AllocateArray<float>(64 + 16, pinned: true);
        for (int start = 0; start < 16; start++)
        {
            long address = AddressOf(ref data[start]);
            nint head = Alignment.Head(ref data[start], 40, 16);
            Assert.Equal(0, (address + head * sizeof(float)) % 64);
            Assert.InRange(head, 0, 15);
            Assert.Equal(Math.Min(head, 3), Alignment.Head(ref data[start], 3, 16));
        }
        Assert.Equal(0, Alignment.Head(ref data[1], 40, 1)); // the scalar path has nothing to align
        var bytes = GC.AllocateArray<byte>(128, pinned: true);
        int odd = (int)(AddressOf(ref bytes[0]) % 2 == 0 ? 1 : 0);
        Assert.Equal(0, Alignment.Head(ref System.Runtime.CompilerServices.Unsafe.As<byte, float>(ref bytes[odd]), 40, 16)); // unreachable by whole floats
    }

    /// <summary>LayerNorm in float and DyT (Tanh) in double, every buffer at each 4- or 8-byte offset from a 64-byte line, together and apart.</summary>
    [Fact]
    public void Outputs_are_bit_identical_wherever_the_buffers_start()
    {
        const int N = 5, D = 203;
        var rng = new Random(11);
        var x = Enumerable.Range(0, N * D).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        var dy = Enumerable.Range(0, N * D).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var gamma = Enumerable.Range(0, D).Select(_ => rng.NextDouble() + 0.5).ToArray();
        var beta = Enumerable.Range(0, D).Select(_ => rng.NextDouble() - 0.5).ToArray();

        float[]? firstLayerNorm = null;
        double[]? firstDyT = null;
        for (int offset = 0; offset < 32; offset++)
        {
            var ls = new LayerNorm.Shape(N, D);
            var lsaved = new LayerNorm.Saved<float>(ls);
            // Every buffer at the same offset, then (offsets 16-31) each at its own, as a user's arrays lie (docs/api.md,
            // "Buffers on 64-byte lines"): the head then aligns one row and not the others, and the bits must not change.
            int Off(int buffer) => offset < 16 ? offset : (offset * (buffer + 3) + buffer) % 16;
            Span<float> fx = Aligned<float>(N * D, Off(0)), fy = Aligned<float>(N * D, Off(1)), fdy = Aligned<float>(N * D, Off(2)), fdx = Aligned<float>(N * D, Off(3));
            Span<float> fg = Aligned<float>(D, Off(4)), fb = Aligned<float>(D, Off(5));
            for (int i = 0; i < N * D; i++) { fx[i] = (float)x[i]; fdy[i] = (float)dy[i]; }
            for (int i = 0; i < D; i++) { fg[i] = (float)gamma[i]; fb[i] = (float)beta[i]; }
            LayerNorm.Forward(ls, fx, fg, fb, fy, lsaved);
            LayerNorm.Backward(ls, fdy, fx, fg, fb, lsaved, fdx, new float[D], new float[D]);
            var layerNorm = fy.ToArray().Concat(fdx.ToArray()).ToArray();

            var ds = new DyT.Shape(N, D);
            var dsaved = new DyT.Saved<double>(ds);
            Span<double> dx = Aligned<double>(N * D, Off(0) / 2), dyOut = Aligned<double>(N * D, Off(1) / 2);
            x.CopyTo(dx);
            DyT.Forward(ds, dx, [0.7], gamma, beta, dyOut, dsaved);
            var dyt = dyOut.ToArray();

            firstLayerNorm ??= layerNorm;
            firstDyT ??= dyt;
            Assert.Equal(firstLayerNorm, layerNorm);
            Assert.Equal(firstDyT, dyt);
        }
    }

    /// <summary><paramref name="length"/> elements starting <paramref name="elements"/> elements past a 64-byte boundary.</summary>
    private static Span<T> Aligned<T>(int length, int elements) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var array = GC.AllocateArray<T>(length + 64, pinned: true);
        int start = (int)((64 - AddressOf(ref array[0]) % 64) % 64 / size) + elements;
        return array.AsSpan(start, length);
    }

    private static long AddressOf<T>(ref T value) =>
        System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.CompilerServices.Unsafe.NullRef<T>(), ref value);
}
