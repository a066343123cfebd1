namespace NormGen.Benchmarks.Infrastructure;

/// <summary>A row-wise normalization's input: <see cref="Rows"/> rows of <see cref="Features"/> contiguous features.</summary>
public readonly record struct RowShape(int Rows, int Features)
{
    public long Elements => (long)Rows * Features;

    public override string ToString() => $"{Rows}x{Features}";
}

/// <summary>An image batch, N x C x H x W (the memory layout is the benchmark's business).</summary>
public readonly record struct ImageShape(int N, int C, int H, int W)
{
    public int HW => H * W;

    public long Elements => (long)N * C * H * W;

    public override string ToString() => $"{N}x{C}x{H}x{W}";
}
