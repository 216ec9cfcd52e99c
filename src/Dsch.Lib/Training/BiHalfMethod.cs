using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// BiHalf (Li &amp; van Gemert, AAAI 2021) as a <see cref="IHashingMethod"/>: no E-step; its own head, one Linear
/// D → L giving u; the bi-half layer (<see cref="BinaryLayers.HalfHalf"/>) over the batch's 2B rows, and the
/// pair-cosine loss (<see cref="PairCosineLoss"/>) of those codes against the rows' backbone features. Evaluation
/// codes sign(u).
/// </summary>
/// <remarks>[official: liyunqianggyn/Deep-Unsupervised-Image-Hashing@1cd671a ImageHashing/Cifar10_I.py], γ = 6.
/// [decision] The rows are both augmented views of the batch's B images, as one batch of n = 2B (row r paired with
/// row r + B: always two different images for B ≥ 2), not the source's one clean view (docs/baselines.md, Decisions 2).</remarks>
/// <param name="Gamma">γ of the layer's penalty gradient.</param>
public sealed record BiHalfMethod(double Gamma = 6) : IHashingMethod
{
    /// <summary>Name of the similarity term.</summary>
    public const string SimilarityTerm = "similarity";

    /// <inheritdoc/>
    public string Name => "bihalf";

    /// <inheritdoc/>
    public bool NeedsComponents(int epoch) => false;

    /// <inheritdoc/>
    public ComponentStructure Discover(Tensor H, long seed, Device device) =>
        throw new InvalidOperationException("BiHalf has no E-step");

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> Head(int featureDimension, int bits, long seed) => new MethodHead(seed, featureDimension, bits);

    /// <inheritdoc/>
    public bool NeedsFeatures => true;

    /// <inheritdoc/>
    public MethodTerms Loss(MethodBatch batch)
    {
        var x = batch.Features ?? throw new InvalidInputException("BiHalf needs the batch's features (MethodBatch.Features)");
        var (b, penalty) = BinaryLayers.HalfHalf(batch.H, Gamma);                          // (2B, L)
        var similarity = PairCosineLoss.Compute(b, x);
        return MethodTerms.Of(similarity.add(penalty, Runtime.Scalars.One), (SimilarityTerm, similarity));
    }
}
