using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// CIBHash (Qiu et al., IJCAI 2021) as a <see cref="IHashingMethod"/>: no E-step; its own head D → 1024 → L (ReLU)
/// giving logits a; the loss of <see cref="CibHashLoss"/> on the two views' codes sign(σ(a) − 0.5). Evaluation codes
/// sign(a) (σ(a) &gt; 0.5 ⇔ a &gt; 0).
/// </summary>
/// <remarks>[official: zexuanqiu/CIBHash@4c896ee model/CIBHash.py]: τ = 0.3, β = 0.001, hidden width 1024, the
/// deterministic threshold of the public code (docs/baselines.md, Decisions 1).</remarks>
/// <param name="Tau">Temperature τ of L_cl.</param>
/// <param name="Beta">Weight β of L_kl.</param>
public sealed record CibHashMethod(double Tau = 0.3, double Beta = 0.001) : IHashingMethod
{
    /// <summary>Hidden width of the head. [official]</summary>
    public const int HiddenWidth = 1024;

    /// <summary>Name of the L_cl term.</summary>
    public const string ContrastiveTerm = "contrastive";
    /// <summary>Name of the L_kl term.</summary>
    public const string KlTerm = "kl";

    /// <inheritdoc/>
    public string Name => "cibhash";

    /// <inheritdoc/>
    public bool NeedsComponents(int epoch) => false;

    /// <inheritdoc/>
    public ComponentStructure Discover(Tensor H, long seed, Device device) =>
        throw new InvalidOperationException("CIBHash has no E-step");

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> Head(int featureDimension, int bits, long seed) => new MethodHead(seed, featureDimension, HiddenWidth, bits);

    /// <inheritdoc/>
    public MethodTerms Loss(MethodBatch batch)
    {
        var terms = CibHashLoss.Compute(batch.H, Tau, Beta);
        return MethodTerms.Of(terms.Total, (ContrastiveTerm, terms.Contrastive), (KlTerm, terms.Kl));
    }
}
