namespace NormGen.Interpretation;

/// <summary>
/// The axes of one evaluation with their sizes, in a canonical order. Every intermediate tensor stores its axes in
/// this order, so broadcasting two tensors is a matter of index arithmetic, never of transposing.
/// </summary>
internal sealed class AxisSpace
{
    private readonly Dictionary<string, int> _rank = new(StringComparer.Ordinal);
    private readonly int[] _sizes;

    public AxisSpace(IReadOnlyList<(string Axis, int Size)> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        _sizes = new int[axes.Count];
        for (int i = 0; i < axes.Count; i++)
        {
            var (name, size) = axes[i];
            AxisText.ValidateName(name, nameof(axes));
            if (size <= 0) throw new ArgumentException($"Axis '{name}' has size {size}; sizes must be positive.", nameof(axes));
            if (!_rank.TryAdd(name, i)) throw new ArgumentException($"Axis '{name}' is listed twice.", nameof(axes));
            _sizes[i] = size;
        }
    }

    public bool Contains(string axis) => _rank.ContainsKey(axis);

    public int Size(string axis) => _sizes[_rank[axis]];

    /// <summary>The distinct axes of <paramref name="axes"/>, in canonical order.</summary>
    public string[] Canonical(IEnumerable<string> axes) => axes.Distinct().OrderBy(a => _rank[a]).ToArray();

    /// <summary>The number of elements of a tensor over <paramref name="axes"/>.</summary>
    public int Count(IEnumerable<string> axes) => checked(axes.Aggregate(1, (n, a) => n * Size(a)));

    /// <summary>
    /// For each element of <paramref name="domain"/> (row-major over its axes in the order given), the index of the
    /// element of a row-major tensor over <paramref name="tensorAxes"/> that it reads: axes of the domain that the
    /// tensor lacks are broadcast. This one table drives broadcasting, reductions and transposition alike.
    /// </summary>
    public int[] Offsets(IReadOnlyList<string> domain, IReadOnlyList<string> tensorAxes)
    {
        var strides = new int[domain.Count];
        int stride = 1;
        for (int k = tensorAxes.Count - 1; k >= 0; k--)
        {
            int position = IndexOf(domain, tensorAxes[k]);
            if (position < 0) throw new InvalidOperationException($"Axis '{tensorAxes[k]}' is not in the domain ({string.Join(", ", domain)}).");
            strides[position] = stride;
            stride *= Size(tensorAxes[k]);
        }

        var sizes = domain.Select(Size).ToArray();
        var offsets = new int[Count(domain)];
        var index = new int[domain.Count];
        int offset = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = offset;
            // Odometer step: bump the innermost axis, carrying into outer ones.
            for (int k = domain.Count - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++index[k] < sizes[k]) break;
                offset -= strides[k] * sizes[k];
                index[k] = 0;
            }
        }
        return offsets;
    }

    /// <summary>Copies a tensor stored over <paramref name="from"/> into one stored over <paramref name="to"/> (the same axes, reordered).</summary>
    public double[] Transpose(double[] data, IReadOnlyList<string> from, IReadOnlyList<string> to)
    {
        var source = Offsets(to, from);
        var result = new double[source.Length];
        for (int i = 0; i < result.Length; i++) result[i] = data[source[i]];
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == item) return i;
        return -1;
    }
}
