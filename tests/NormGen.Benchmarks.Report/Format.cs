using System.Globalization;

namespace NormGen.Benchmarks.Report;

/// <summary>How numbers print in the report (invariant culture throughout).</summary>
public static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Four significant digits, in ns, µs, ms or s.</summary>
    public static string Time(double? ns)
    {
        if (ns is not { } v)
            return "NA";
        var (value, unit) = v switch
        {
            < 1e3 => (v, "ns"),
            < 1e6 => (v / 1e3, "µs"),
            < 1e9 => (v / 1e6, "ms"),
            _ => (v / 1e9, "s"),
        };
        return Significant(value, 4) + " " + unit;
    }

    /// <summary>A value with <paramref name="digits"/> significant digits (at most 3 decimals).</summary>
    public static string Significant(double value, int digits)
    {
        if (value == 0)
            return "0";
        int integerDigits = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        int decimals = Math.Clamp(digits - integerDigits, 0, 3);
        return value.ToString("F" + decimals, Inv);
    }

    /// <summary>Decimal units, as the Moved column prints them (1 MB = 1e6 B); <paramref name="trim"/>: "4 MB", not "4.00 MB".</summary>
    public static string Bytes(double? bytes, bool trim = false)
    {
        if (bytes is not { } b)
            return "NA";
        var (value, unit) = b switch
        {
            < 1e3 => (b, "B"),
            < 1e6 => (b / 1e3, "kB"),
            < 1e9 => (b / 1e6, "MB"),
            _ => (b / 1e9, "GB"),
        };
        string number = unit == "B" ? value.ToString("0", Inv) : Significant(value, 3);
        if (trim && number.Contains('.'))
            number = number.TrimEnd('0').TrimEnd('.');
        return number + " " + unit;
    }

    /// <summary>Managed allocation, binary units as BenchmarkDotNet prints them.</summary>
    public static string Allocated(double? bytes)
        => bytes switch
        {
            null => "NA",
            < 1024 => bytes.Value.ToString("0", Inv) + " B",
            < 1024 * 1024 => Significant(bytes.Value / 1024, 3) + " KB",
            _ => Significant(bytes.Value / 1024 / 1024, 3) + " MB",
        };

    public static string Speedup(double? ratio) => ratio is { } r ? r.ToString("0.00", Inv) + "×" : "NA";

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.00", Inv) : "NA";

    public static string Percent(double? fraction) => fraction is { } f ? (100 * f).ToString("0", Inv) + "%" : "NA";

    public static string GBps(double? gbps) => gbps is { } g ? g.ToString(g < 10 ? "0.00" : "0.0", Inv) : "NA";

    public static string Verdict(Verdict v) => v switch
    {
        Report.Verdict.Pass => "PASS",
        Report.Verdict.Miss => "MISS",
        _ => "NO DATA",
    };

    /// <summary>Escapes a cell for a markdown table.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
