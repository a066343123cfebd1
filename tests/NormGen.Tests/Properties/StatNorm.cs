namespace NormGen.Tests.Properties;

/// <summary>
/// LayerNorm ("n d", statistics per row over d) and training-mode BatchNorm1d ("n c", statistics per column over n), both
/// as y = gamma * (z - mean) / sqrt(var + eps) + beta on a [n, o] tensor with gamma and beta over o. The test's own float64
/// statistics of a group (a row or a column) give the conditioning of the exactness checks and the exact effect of eps.
/// </summary>
public sealed class StatNorm
{
    public static readonly StatNorm LayerNorm = new("LayerNorm", perColumn: false);
    public static readonly StatNorm BatchNorm = new("BatchNorm1d", perColumn: true);

    public static StatNorm Named(string name) => name switch
    {
        "LayerNorm" => LayerNorm,
        "BatchNorm1d" => BatchNorm,
        _ => throw new ArgumentException($"No layer '{name}'.", nameof(name)),
    };

    StatNorm(string name, bool perColumn) => (Name, PerColumn) = (name, perColumn);

    public string Name { get; }

    /// <summary>True for BatchNorm: a group is a column (a channel, over the batch); false for LayerNorm: a row.</summary>
    public bool PerColumn { get; }

    public Outputs Run(int n, int o, double[] z, double[] gamma, double[] beta, double[] dy, double eps) =>
        PerColumn ? Properties.Run.BatchNorm(n, o, z, gamma, beta, dy, eps) : Properties.Run.LayerNorm(n, o, z, gamma, beta, dy, eps);

    public Outputs RunSingle(int n, int o, double[] z, double[] gamma, double[] beta, double[] dy, float eps) =>
        PerColumn ? Properties.Run.Single.BatchNorm(n, o, z, gamma, beta, dy, eps) : Properties.Run.Single.LayerNorm(n, o, z, gamma, beta, dy, eps);

    public int Groups(int n, int o) => PerColumn ? o : n;

    public int GroupOf(int o, int k) => PerColumn ? k % o : k / o;

    /// <summary>Per group: mean and biased variance (what both layers normalize with), in float64.</summary>
    public (double[] Mean, double[] Var) Statistics(int n, int o, double[] z)
    {
        int groups = Groups(n, o), size = z.Length / groups;
        double[] mean = new double[groups], variance = new double[groups];
        for (int k = 0; k < z.Length; k++) mean[GroupOf(o, k)] += z[k];
        for (int g = 0; g < groups; g++) mean[g] /= size;
        for (int k = 0; k < z.Length; k++) { double c = z[k] - mean[GroupOf(o, k)]; variance[GroupOf(o, k)] += c * c; }
        for (int g = 0; g < groups; g++) variance[g] /= size;
        return (mean, variance);
    }

    /// <summary>
    /// The condition number of the normalized output with respect to relative perturbations of z: max over groups of
    /// max |z| / std. Rounding z (or the weights that produce it) moves y by about eps_machine times this.
    /// </summary>
    public double Conditioning(int n, int o, double[] z)
    {
        var (_, variance) = Statistics(n, o, z);
        double[] largest = new double[variance.Length];
        for (int k = 0; k < z.Length; k++) largest[GroupOf(o, k)] = Math.Max(largest[GroupOf(o, k)], Math.Abs(z[k]));
        double kappa = 1;
        for (int g = 0; g < variance.Length; g++) kappa = Math.Max(kappa, largest[g] / Math.Sqrt(variance[g]));
        return kappa;
    }

    /// <summary>
    /// Feeding lambda * z instead of z with eps > 0 is feeding z with eps / lambda^2, which rescales each group's
    /// normalized output (y - beta) by r = sqrt((var + eps) / (var + eps / lambda^2)) (var of the unscaled z).
    /// </summary>
    public static double Rescale(double variance, double eps, double lambda) =>
        Math.Sqrt((variance + eps) / (variance + eps / (lambda * lambda)));

    /// <summary>
    /// The two terms of the backward dz = A - B with A = rstd (g - mean(g)), B = rstd^3 (z - mean) mean(g (z - mean)),
    /// g = gamma * dy, rstd = 1/sqrt(var + eps), means over the group: with eps / lambda^2 in place of eps, rstd becomes
    /// r rstd, so lambda * dz(lambda z) - dz(z) = (r - 1) A - (r^3 - 1) B exactly.
    /// </summary>
    public (double[] A, double[] B) BackwardTerms(int n, int o, double[] z, double[] gamma, double[] dy, double eps)
    {
        var (mean, variance) = Statistics(n, o, z);
        int groups = Groups(n, o), size = z.Length / groups;
        double[] meanG = new double[groups], meanGc = new double[groups];
        for (int k = 0; k < z.Length; k++)
        {
            int g = GroupOf(o, k);
            double gk = gamma[k % o] * dy[k];
            meanG[g] += gk / size;
            meanGc[g] += gk * (z[k] - mean[g]) / size;
        }
        double[] a = new double[z.Length], b = new double[z.Length];
        for (int k = 0; k < z.Length; k++)
        {
            int g = GroupOf(o, k);
            double rstd = 1 / Math.Sqrt(variance[g] + eps);
            a[k] = rstd * (gamma[k % o] * dy[k] - meanG[g]);
            b[k] = rstd * rstd * rstd * (z[k] - mean[g]) * meanGc[g];
        }
        return (a, b);
    }

    /// <summary>
    /// Elementwise |A| + |B| (see <see cref="BackwardTerms"/>): the size of dz's terms before they cancel, the scale its
    /// rounding errors are relative to. dz itself can vanish: with eps = 0, BatchNorm over a batch of two and LayerNorm
    /// over two features output gamma * (+-1) + beta whatever the input, so their dz is exactly zero.
    /// </summary>
    public double[] GradientMagnitude(int n, int o, double[] z, double[] gamma, double[] dy, double eps)
    {
        var (a, b) = BackwardTerms(n, o, z, gamma, dy, eps);
        return [.. a.Zip(b, (p, q) => Math.Abs(p) + Math.Abs(q))];
    }

    /// <summary>max over o of sum_n |dy| |z_hat| and of sum_n |dy|: the magnitudes of dgamma and dbeta's terms.</summary>
    public (double DGamma, double DBeta) ParameterGradientMagnitude(int n, int o, double[] z, double[] dy, double eps)
    {
        var (mean, variance) = Statistics(n, o, z);
        double[] dgamma = new double[o], dbeta = new double[o];
        for (int k = 0; k < z.Length; k++)
        {
            int g = GroupOf(o, k);
            dgamma[k % o] += Math.Abs(dy[k] * (z[k] - mean[g])) / Math.Sqrt(variance[g] + eps);
            dbeta[k % o] += Math.Abs(dy[k]);
        }
        return (dgamma.Max(), dbeta.Max());
    }

    /// <summary>
    /// Whether z is a fair test of an invariance for both layers: every row and every column has a standard deviation
    /// of at least 1/<paramref name="limit"/> of its largest magnitude. CsCheck shrinks toward equal entries, where
    /// the variance vanishes and y is 0/0.
    /// </summary>
    public static bool WellConditioned(int n, int o, double[] z, double limit) =>
        LayerNorm.Conditioning(n, o, z) <= limit && BatchNorm.Conditioning(n, o, z) <= limit;

    public override string ToString() => Name;
}
