using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace NormGen.Tests.Properties;

/// <summary>
/// The largest value of each named quantity seen across a property's cases (CsCheck runs them on several threads),
/// written to the test output so that a run with a detailed console logger shows what was measured.
/// </summary>
public sealed class Measured(string property)
{
    readonly Dictionary<string, double> largest = [];
    long cases;

    public void Max(string quantity, double value)
    {
        lock (largest)
            largest[quantity] = largest.TryGetValue(quantity, out double seen) && !(value > seen) ? seen : value;
    }

    /// <summary>Checks <paramref name="property"/> on <see cref="Cases.Iterations"/> cases, then reports the maxima.</summary>
    public static void Check<T>(ITestOutputHelper output, string property, Gen<T> gen, Action<T, Measured> check)
    {
        var measured = new Measured(property);
        gen.Sample(c => { check(c, measured); Interlocked.Increment(ref measured.cases); }, iter: Cases.Iterations);
        output.WriteLine(measured.ToString());
    }

    public override string ToString()
    {
        lock (largest)
            return $"[measured] {property} over {cases} cases: " + string.Join("; ", largest.Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"max {p.Key} = {p.Value:E2}")));
    }
}
