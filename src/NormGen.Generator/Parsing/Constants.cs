using Microsoft.CodeAnalysis;

namespace NormGen.Generator.Parsing;

/// <summary>Reads compile-time constants the semantic model has already folded.</summary>
internal static class Constants
{
    /// <summary>
    /// A numeric constant as a double. The value is converted exactly as C# would convert it to double, so
    /// <c>x * 2</c>, <c>x * 0.1f</c> and <c>const int K = 3</c> all mean what the user's own code computes.
    /// </summary>
    public static bool TryGetDouble(object? value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case float f: result = f; return true;
            case int i: result = i; return true;
            case long l: result = l; return true;
            case short s: result = s; return true;
            case sbyte sb: result = sb; return true;
            case byte b: result = b; return true;
            case ushort us: result = us; return true;
            case uint ui: result = ui; return true;
            case ulong ul: result = ul; return true;
            case char c: result = c; return true;
            default: result = 0; return false;
        }
    }

    public static bool TryGetDouble(IOperation? operation, out double result)
    {
        result = 0;
        return operation is not null && operation.ConstantValue.HasValue && TryGetDouble(operation.ConstantValue.Value, out result);
    }

    public static bool TryGetString(IOperation? operation, out string result)
    {
        result = "";
        if (operation is null || !operation.ConstantValue.HasValue || operation.ConstantValue.Value is not string s) return false;
        result = s;
        return true;
    }

    public static bool TryGetBoolean(IOperation? operation, out bool result)
    {
        result = false;
        if (operation is null || !operation.ConstantValue.HasValue || operation.ConstantValue.Value is not bool b) return false;
        result = b;
        return true;
    }
}
