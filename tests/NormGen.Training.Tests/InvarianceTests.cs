using NormGen.Training;

namespace NormGen.Training.Tests;

/// <summary>
/// The note's claims on whole training runs. "Identical" means every epoch's mean training loss agrees to a relative
/// 1e-9; the measured agreement is 1e-16..1e-13 (float64 rounding, amplified a little by 24 steps of SGD), while a
/// configuration that changes the training moves the loss by 1e-2 or more. BatchNorm, LayerNorm and RMSNorm run with
/// eps = 0: eps is not scaled with the weights or data, and breaks the invariance by the amount docs/invariance.md derives.
/// </summary>
public class InvarianceTests
{
    private const double Identical = 1e-9;

    public static TheoryData<NormKind, double?> Invariant => new()
    {
        { NormKind.BatchNorm, 0.0 }, { NormKind.LayerNorm, 0.0 }, { NormKind.RMSNorm, 0.0 },
        { NormKind.WeightNorm, null }, { NormKind.CosineNorm, null },
    };

    [Theory]
    [MemberData(nameof(Invariant))]
    public void Scaling_the_weights_feeding_the_norm_and_their_learning_rate_by_lambda_squared_trains_identically(NormKind norm, double? eps)
    {
        var reference = Shortened.Train(Shortened.Reference(norm, eps));
        foreach (double lambda in new[] { 0.01, 100 })
        {
            var scaled = Shortened.Train(Shortened.Reference(norm, eps) with { WeightScale = lambda, NormWeightLrFactor = lambda * lambda });
            Assert.True(Shortened.LossDeviation(scaled, reference) < Identical, $"{scaled.Spec}: loss deviation {Shortened.LossDeviation(scaled, reference):E2}");
            // Same outputs, gradient 1/lambda, first relative step 1/lambda^2 (at the same learning rate).
            Assert.Equal(reference.InitialGradNorm, scaled.InitialGradNorm * lambda, reference.InitialGradNorm * Identical);
            Assert.Equal(reference.InitialStep, scaled.InitialStep * lambda * lambda / scaled.Spec.NormWeightLrFactor, reference.InitialStep * Identical);
            // The weights stay lambda times the reference's while training.
            Assert.Equal(reference.Last!.WeightNorm * lambda, scaled.Last!.WeightNorm, reference.Last.WeightNorm * lambda * Identical);
        }
    }

    [Theory]
    [MemberData(nameof(Invariant))]
    public void Scaling_the_weights_at_the_same_learning_rate_keeps_the_first_loss_but_changes_the_training(NormKind norm, double? eps)
    {
        var reference = Shortened.Train(Shortened.Reference(norm, eps));
        var scaled = Shortened.Train(Shortened.Reference(norm, eps) with { WeightScale = 100 });
        Assert.Equal(reference.InitialLoss, scaled.InitialLoss, reference.InitialLoss * Identical);
        Assert.True(Shortened.LossDeviation(scaled, reference) > 1e-2, "the effective learning rate is 1e-4 times smaller, so the losses must differ");
    }

    [Theory]
    [InlineData(NormKind.BatchNorm, 0.0)]
    [InlineData(NormKind.LayerNorm, 0.0)]
    [InlineData(NormKind.RMSNorm, 0.0)] // no bias before the norm: z = W(lambda x) = lambda z
    [InlineData(NormKind.CosineNorm, null)]
    public void Scaling_the_data_trains_identically(NormKind norm, double? eps)
    {
        var reference = Shortened.Train(Shortened.Reference(norm, eps));
        foreach (double lambda in new[] { 0.01, 100 })
        {
            var scaled = Shortened.Train(Shortened.Reference(norm, eps) with { DataScale = lambda });
            Assert.True(Shortened.LossDeviation(scaled, reference) < Identical, $"{scaled.Spec}: loss deviation {Shortened.LossDeviation(scaled, reference):E2}");
        }
    }

    [Theory]
    [InlineData(NormKind.WeightNorm)]
    [InlineData(NormKind.None)]
    public void WeightNorm_and_the_plain_network_are_not_invariant_to_the_data_scale(NormKind norm)
    {
        var reference = Shortened.Train(Shortened.Reference(norm, null));
        var scaled = Shortened.Train(Shortened.Reference(norm, null) with { DataScale = 0.01 });
        Assert.True(Math.Abs(scaled.InitialLoss - reference.InitialLoss) > 1e-2, $"initial loss {scaled.InitialLoss} vs {reference.InitialLoss}");
        Assert.True(Shortened.LossDeviation(scaled, reference) > 0.1);
    }

    [Fact]
    public void The_plain_network_is_not_invariant_to_the_weight_scale()
    {
        var reference = Shortened.Train(Shortened.Reference(NormKind.None, null));
        var scaled = Shortened.Train(Shortened.Reference(NormKind.None, null) with { WeightScale = 100 }, Shortened.Settings with { Epochs = 1 });
        Assert.True(scaled.InitialLoss > 100 * reference.InitialLoss, $"initial loss {scaled.InitialLoss} vs {reference.InitialLoss}");
    }

    [Fact]
    public void Eps_breaks_the_invariance_when_lambda_squared_var_is_near_eps()
    {
        // LayerNorm with its default eps 1e-5: at lambda = 0.01 the variance of z (about 0.4) becomes 4e-5.
        var reference = Shortened.Train(Shortened.Reference(NormKind.LayerNorm, null));
        var scaled = Shortened.Train(Shortened.Reference(NormKind.LayerNorm, null) with { WeightScale = 0.01, NormWeightLrFactor = 1e-4 });
        Assert.True(Math.Abs(scaled.InitialLoss - reference.InitialLoss) > 1e-3);
    }
}
