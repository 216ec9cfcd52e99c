using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Tests.Components;

/// <summary>
/// Our EM against scikit-learn 1.2.1's GaussianMixture from the same fixed start on the same data.
/// Reference literals: printed by tools/gmm_reference_values.py (Debian python3-sklearn 1.2.1, numpy 1.24.2).
/// </summary>
[Collection(ComponentsCollection.Name)]
public class GaussianMixtureReferenceTests
{
    [Fact]
    public void FullCovariance_MatchesScikitLearn_FromAFixedStart()
    {
        using var start = MixtureData.ReferenceStart(isFull: true);
        using var fit = GaussianMixture.Fit(MixtureData.ReferencePoints(), new GaussianMixtureOptions(3) { Initial = start }, seed: 0);
        Assert.Equal(4, fit.Iterations);
        Assert.True(fit.Converged);
        Assert.Equal(2.474308080479328, fit.MeanLogLikelihood, 1e-7);
        Assert.Equal(2.474308080479328, fit.LogLikelihoodHistory[^1], 1e-7); // sklearn lower_bound_
        AssertClose([1 / 3.0, 1 / 3.0, 1 / 3.0], MixtureData.Values(fit.Model.Parameters.Weights), 1e-9);
        AssertClose([-0.022654513383510665, 0.00640967243135955, 0.03062314593687602, 5.019928972740384, 5.016953228811572,
            0.0011476193069112628, -5.00698611641696, 3.9581029734131796, 2.954898897682426], MixtureData.Values(fit.Model.Parameters.Means), 1e-7);
        AssertClose([0.4987061917576835, 0.3062237681993755, -0.11800169808940965, 0.3062237681993755, 0.494865512886987,
            0.3090016601085381, -0.11800169808940965, 0.3090016601085381, 0.5021597223607097, 0.1812626690321758, 0.113414137930768,
            -0.040262951670997034, 0.113414137930768, 0.1803698842805056, 0.11082405493847178, -0.040262951670997034,
            0.11082405493847178, 0.17804262621885591, 0.9696774280379731, 0.6048947127860779, -0.21765926159387974,
            0.6048947127860779, 0.9835595119198567, 0.6178848379876068, -0.21765926159387974, 0.6178848379876068,
            0.9858270106666782], MixtureData.Values(fit.Model.Parameters.Covariances), 1e-7);
    }

    [Fact]
    public void DiagonalCovariance_MatchesScikitLearn_FromAFixedStart()
    {
        using var start = MixtureData.ReferenceStart(isFull: false);
        using var fit = GaussianMixture.Fit(MixtureData.ReferencePoints(),
            new GaussianMixtureOptions(3, CovarianceType.Diagonal) { Initial = start }, seed: 0);
        Assert.Equal(3, fit.Iterations);
        Assert.Equal(-4.139427968370216, fit.MeanLogLikelihood, 1e-7);
        AssertClose([0.333333332963399, 0.3333333333333333, 0.3333333337032677], MixtureData.Values(fit.Model.Parameters.Weights), 1e-9);
        AssertClose([-0.022654512946188105, 0.006409672013476483, 0.030623144980008357, 5.019928972740384, 5.016953228811572,
            0.0011476193069112628, -5.006986111322656, 3.958102969445461, 2.954898895393924], MixtureData.Values(fit.Model.Parameters.Means), 1e-7);
        AssertClose([0.4987061920133963, 0.49486551314359634, 0.5021597220693375, 0.18126266903218177, 0.18036988428051867,
            0.1780426262188559, 0.9696774504715105, 0.9835595251487587, 0.9858270143153288], MixtureData.Values(fit.Model.Parameters.Covariances), 1e-7);
        AssertClose([0.9999999967940029, 2.473217159032631e-52, 3.2059975082508705e-09], MixtureData.Values(fit.Posteriors[0]), 1e-9);
    }

    static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
