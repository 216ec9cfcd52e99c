using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// A trained hashing method, the seam between the EM loop and the algorithm (docs/method.md): an E-step that turns
/// the current codes of the training images into components (or none), and a batch loss that turns the codes of
/// two views per image, with that batch's rows of the components, into named scalar terms. DSCH and the contrastive
/// baseline are two instances (<see cref="HashingMethods"/>); a notebook cell makes its own with
/// <see cref="HashingMethods.FromLoss"/> or a small class. <see cref="DschTrainer"/> runs any instance through the
/// same loop (seeds per epoch, resume, diagnostics, evaluation, run folder, progress) and checks what it returns.
/// </summary>
/// <remarks>
/// Codes are binarised as everywhere else: sign with sign(0) = +1 (<see cref="Retrieval.HashCodes"/>). [decision]
/// </remarks>
public interface IHashingMethod
{
    /// <summary>The method's name in messages and tables.</summary>
    string Name { get; }

    /// <summary>True when the E-step must run before <paramref name="epoch"/> (0-based).</summary>
    bool NeedsComponents(int epoch);

    /// <summary>
    /// The E-step: components of the continuous codes <paramref name="H"/> (N, L) of the un-augmented training images.
    /// <paramref name="seed"/> derives from (run seed, epoch); use it for every random start. P1 (N, m1) must have rows
    /// that sum to 1, or unit L2 norm when <see cref="ComponentStructure.NormalizedPosteriors"/>.
    /// </summary>
    ComponentStructure Discover(Tensor H, long seed, Device device);

    /// <summary>The batch loss: named scalar terms, one of them the total that is minimised.</summary>
    MethodTerms Loss(MethodBatch batch);

    /// <summary>
    /// The readings in which component-mates meet (batch order, S reshaped, memory, warm-up; <see cref="MateOptions"/>);
    /// the trainer applies them around <see cref="Loss"/>. Default: none (random batches, S = P1·P1ᵀ).
    /// </summary>
    MateOptions Mates => MateOptions.Default;

    /// <summary>
    /// The method's own hash head from backbone features (N, D) to head outputs (N, L) — what the loss receives as
    /// <see cref="MethodBatch.H"/> and what evaluation binarises with sign (sign(0) = +1) — seeded by
    /// <paramref name="seed"/>; null (the default) for DSCH's <see cref="Backbones.HashHead"/>. Used in both modes
    /// (on cached features, and on the fine-tuned backbone).
    /// </summary>
    nn.Module<Tensor, Tensor>? Head(int featureDimension, int bits, long seed) => null;

    /// <summary>
    /// True when <see cref="Loss"/> reads <see cref="MethodBatch.Features"/> as a similarity target (BiHalf, GreedyHash).
    /// Fine-tuned, the trainer then computes that target with a frozen copy of the pretrained backbone, as the methods'
    /// sources do (their target is the pretrained network's features), not with the backbone being trained.
    /// </summary>
    bool NeedsFeatures => false;
}

/// <summary>What a method's loss receives for one training step.</summary>
/// <param name="H">Codes of the 2B views, (2B, L), with gradient: rows 2b and 2b+1 are the two views of image b.</param>
/// <param name="Components">That batch's rows of the E-step's components (P1 (2B, m1), P2 (2B, m2), μ1, log π1,
/// μ2, log π2, and S when a reading reshapes it); null when no E-step ran this epoch.</param>
/// <param name="Memory">Unit codes (M, L) of component-mates from the previous epoch (the mate-memory reading), or null.</param>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Step">0-based step within the epoch.</param>
/// <param name="Features">The pretrained backbone's features x (2B, D) of the views the rows of <paramref name="H"/> were
/// computed from, without gradient: the cached features in frozen mode; fine-tuned, for a method that
/// <see cref="IHashingMethod.NeedsFeatures"/>, the output of a frozen copy of the pretrained backbone (eval mode), so the
/// target stays where the sources put it and the backbone being trained cannot move it [decision]; otherwise the
/// trained backbone's output, detached. Null when not given.</param>
public sealed record MethodBatch(Tensor H, BatchComponents? Components, Tensor? Memory, int Epoch, int Step, Tensor? Features = null);

/// <summary>
/// What a method's loss returns: the total that is minimised and its named terms, each a scalar tensor (one element).
/// Terms named <see cref="Instance"/>, <see cref="Fine"/> and <see cref="Coarse"/> fill those columns of the run's
/// history (0 when absent); <paramref name="Diagnostics"/> are logged, never differentiated.
/// </summary>
/// <param name="Total">The value that is minimised; must carry a gradient.</param>
/// <param name="Terms">Named parts of the total; each must carry a gradient unless it is a constant 0 (a term switched off).</param>
/// <param name="Diagnostics">Named values reported beside the terms (e.g. <see cref="OtherImageShare"/>), or null.</param>
public sealed record MethodTerms(Tensor Total, IReadOnlyList<KeyValuePair<string, Tensor>> Terms,
    IReadOnlyList<KeyValuePair<string, Tensor>>? Diagnostics = null)
{
    /// <summary>Name of <c>L_ic</c>.</summary>
    public const string Instance = "instance";
    /// <summary>Name of <c>L_cc^f</c>.</summary>
    public const string Fine = "fine";
    /// <summary>Name of <c>L_cc^c</c>.</summary>
    public const string Coarse = "coarse";
    /// <summary>Name of the diagnostic share of L_ic's positive weight on other images.</summary>
    public const string OtherImageShare = "other-image-share";

    /// <summary>A total with named terms: <c>MethodTerms.Of(total, ("instance", lic), ("coarse", lcc))</c>.</summary>
    public static MethodTerms Of(Tensor total, params (string Name, Tensor Value)[] terms) =>
        new(total, [.. terms.Select(t => KeyValuePair.Create(t.Name, t.Value))]);

    /// <summary>A loss that is only its total.</summary>
    public static implicit operator MethodTerms(Tensor total) => new(total, []);

    /// <summary>DSCH's terms as a method's: instance, fine and coarse, with the other-image share as a diagnostic.</summary>
    public static MethodTerms From(LossTerms terms) =>
        new(terms.Total, [KeyValuePair.Create(Instance, terms.Instance), KeyValuePair.Create(Fine, terms.Fine), KeyValuePair.Create(Coarse, terms.Coarse)],
            [KeyValuePair.Create(OtherImageShare, terms.OtherImageShare)]);
}
