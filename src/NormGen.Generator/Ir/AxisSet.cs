using System;
using System.Collections.Generic;

namespace NormGen.Generator.Ir;

/// <summary>
/// A set of logical axes as a bit mask over the layer's axis table (<see cref="AxisTable"/>): every IR node knows
/// the axes it varies over, and set algebra on them drives broadcasting, reductions and scheduling.
/// </summary>
internal readonly struct AxisSet : IEquatable<AxisSet>
{
    public AxisSet(uint bits) => Bits = bits;

    public uint Bits { get; }

    public static AxisSet Empty => default;

    public bool IsEmpty => Bits == 0;

    public int Count
    {
        get
        {
            int n = 0;
            for (uint b = Bits; b != 0; b &= b - 1) n++;
            return n;
        }
    }

    public static AxisSet Of(int axis) => new(1u << axis);

    public bool Contains(int axis) => (Bits & (1u << axis)) != 0;

    public bool IsSubsetOf(AxisSet other) => (Bits & ~other.Bits) == 0;

    public bool Overlaps(AxisSet other) => (Bits & other.Bits) != 0;

    public AxisSet Union(AxisSet other) => new(Bits | other.Bits);

    public AxisSet Intersect(AxisSet other) => new(Bits & other.Bits);

    public AxisSet Except(AxisSet other) => new(Bits & ~other.Bits);

    /// <summary>Axis indices in ascending order (the axis table's order, i.e. layout order).</summary>
    public IEnumerable<int> Indices()
    {
        for (int i = 0; i < 32; i++)
        {
            if (Contains(i)) yield return i;
        }
    }

    public bool Equals(AxisSet other) => Bits == other.Bits;

    public override bool Equals(object? obj) => obj is AxisSet other && Equals(other);

    public override int GetHashCode() => (int)Bits;

    public static bool operator ==(AxisSet a, AxisSet b) => a.Bits == b.Bits;

    public static bool operator !=(AxisSet a, AxisSet b) => a.Bits != b.Bits;

    public static AxisSet operator |(AxisSet a, AxisSet b) => a.Union(b);

    public static AxisSet operator &(AxisSet a, AxisSet b) => a.Intersect(b);

    public static AxisSet operator -(AxisSet a, AxisSet b) => a.Except(b);
}
