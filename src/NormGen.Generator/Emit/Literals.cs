using System.Globalization;

namespace NormGen.Generator.Emit;

/// <summary>Invariant-culture, round-trip literals: the emitted file must not depend on the build machine's culture.</summary>
internal static class Literals
{
    public static string Double(double value)
    {
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        if (double.IsNaN(value)) return "double.NaN";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
        return text;
    }

    public static string Float(double value)
    {
        float f = (float)value;
        if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
        if (float.IsNaN(f)) return "float.NaN";
        return f.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>The shortest round-trip text, for comments.</summary>
    public static string Short(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
