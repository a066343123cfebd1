namespace NormGen.Tests.Properties;

/// <summary>What "exact" means for an invariance checked in float64: rounding only, scaled by the conditioning.</summary>
public static class Exactness
{
    /// <summary>
    /// Relative tolerance of an invariance that holds exactly in real arithmetic, for a problem whose output moves by
    /// about <paramref name="kappa"/> units of rounding per unit of rounding in the input. The deviations measured on
    /// the generated kernels stay below 2e-15 kappa (see docs/invariance.md); cases are generated with kappa &lt;= 1e3
    /// (<see cref="Cases.MaxConditioning"/>), so this allows at most 1e-10 and typically (kappa of 2 to 50) 1e-13 to 5e-12.
    /// </summary>
    public static double Tolerance(double kappa) => 1e-13 * kappa;
}
