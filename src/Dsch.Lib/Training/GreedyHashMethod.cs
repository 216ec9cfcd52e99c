using TorchSharp;
using Dsch.Components;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Training;

/// <summary>
/// Unsupervised GreedyHash (Su et al., NeurIPS 2018) as a <see cref="IHashingMethod"/>: no E-step; its own head,
/// one Linear D → L giving h; codes b = sign(h) with the straight-through ("greedy") gradient; the loss
/// <c>L = L_sim + α L_q</c>, L_sim the pair-cosine loss (<see cref="PairCosineLoss"/>) of b against the rows'
/// features, <c>L_q = mean over the n·L entries of | |h| − 1 |³</c>. Evaluation codes sign(h).
/// </summary>
/// <remarks>[official: ssppp/GreedyHash@e5089b2 unsupervised_vgg.py], α = 0.1, p = 3. [decision] The rows are both
/// augmented views as one batch of 2B, as for <see cref="BiHalfMethod"/>.</remarks>
/// <param name="Alpha">Weight α of the quantisation term.</param>
public sealed record GreedyHashMethod(double Alpha = 0.1) : IHashingMethod
{
    static readonly Scalar Three = 3.ToScalar();

    /// <summary>Name of L_sim.</summary>
    public const string SimilarityTerm = "similarity";
    /// <summary>Name of L_q.</summary>
    public const string QuantisationTerm = "quantisation";

    /// <inheritdoc/>
    public string Name => "greedyhash";

    /// <inheritdoc/>
    public bool NeedsComponents(int epoch) => false;

    /// <inheritdoc/>
    public ComponentStructure Discover(Tensor H, long seed, Device device) =>
        throw new InvalidOperationException("GreedyHash has no E-step");

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> Head(int featureDimension, int bits, long seed) => new MethodHead(seed, featureDimension, bits);

    /// <inheritdoc/>
    public bool NeedsFeatures => true;

    /// <inheritdoc/>
    public MethodTerms Loss(MethodBatch batch)
    {
        var x = batch.Features ?? throw new InvalidInputException("GreedyHash needs the batch's features (MethodBatch.Features)");
        var (total, similarity, quantisation) = Compute(batch.H, x, Alpha);
        return MethodTerms.Of(total, (SimilarityTerm, similarity), (QuantisationTerm, quantisation));
    }

    /// <summary>The loss and its two terms for head outputs <paramref name="h"/> (n, L) and features <paramref name="x"/> (n, D). Pure.</summary>
    public static (Tensor Total, Tensor Similarity, Tensor Quantisation) Compute(Tensor h, Tensor x, double alpha)
    {
        var b = BinaryLayers.StraightThroughSign(h);                                        // (n, L)
        var similarity = PairCosineLoss.Compute(b, x);
        var quantisation = h.abs().sub(One).abs().pow(Three).mean();
        using Scalar weight = alpha;
        return (similarity.add(quantisation, weight), similarity, quantisation);
    }
}
