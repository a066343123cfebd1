using System.Globalization;

namespace NormGen.Training;

public static class Names
{
    public static readonly NormKind[] All = Enum.GetValues<NormKind>();

    public static string Of(NormKind norm) => norm == NormKind.None ? "none" : norm.ToString();

    /// <summary>The option spelling: none, bn, ln, rms, wn, cn, or the full name (any case).</summary>
    public static string Short(NormKind norm) => norm switch
    {
        NormKind.None => "none", NormKind.BatchNorm => "bn", NormKind.LayerNorm => "ln", NormKind.RMSNorm => "rms",
        NormKind.WeightNorm => "wn", _ => "cn",
    };

    public static NormKind? Parse(string text) =>
        All.Cast<NormKind?>().FirstOrDefault(n => string.Equals(text, Short(n!.Value), StringComparison.OrdinalIgnoreCase)
            || string.Equals(text, Of(n!.Value), StringComparison.OrdinalIgnoreCase));
}

public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>0.01, 1, 100, 1e4: a scale or factor, as in the text.</summary>
    public static string Scale(double v) => v is >= 1e-3 and < 1e4 ? v.ToString("0.###", C) : v.ToString("0.#e0", C);

    public static string Number(double v) => double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
        : v == 0 ? "0" : Math.Abs(v) is >= 1e-3 and < 1e5 ? v.ToString("0.####", C) : v.ToString("0.00e0", C);

    public static string Sci(double v) => double.IsFinite(v) ? v.ToString("0.00e0", C) : Number(v);

    public static string Percent(double v) => (100 * v).ToString("0.0", C);

    public static string Invariant(FormattableString s) => s.ToString(C);
}
