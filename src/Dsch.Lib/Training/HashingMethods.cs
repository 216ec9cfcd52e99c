using Dsch.Components;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>The built-in <see cref="IHashingMethod"/>s, and methods made of a notebook cell's functions.</summary>
public static class HashingMethods
{
    /// <summary>DSCH under <paramref name="options"/>' loss, E-step and readings (every named switch applied).</summary>
    public static DschMethod Dsch(TrainingOptions options, string name = "dsch") =>
        new(name, options.Loss, options.Components, options.Mates);

    /// <summary>The contrastive baseline at temperature <paramref name="tau"/>.</summary>
    public static ContrastiveBaselineMethod ContrastiveBaseline(double tau) => new(tau);

    /// <summary>
    /// The method <paramref name="options"/> describe: the contrastive baseline when its loss is the baseline's and no
    /// reading needs components (the <c>baseline</c> switch), DSCH otherwise. Both train the same codes as before the seam.
    /// </summary>
    public static IHashingMethod For(TrainingOptions options) =>
        options.Loss == LossOptions.ContrastiveBaseline(options.Loss.Tau) && !options.Mates.NeedsComponents
            ? ContrastiveBaseline(options.Loss.Tau) : Dsch(options);

    /// <summary>
    /// A method defined by its batch <paramref name="loss"/> and, optionally, its E-step (codes H (N, L), seed, device →
    /// components; e.g. <see cref="DschEStep"/>, or one that changes its posteriors with
    /// <see cref="ComponentStructure.WithPosteriors"/>). Without an E-step the loss receives no components.
    /// </summary>
    public static IHashingMethod FromLoss(string name, Func<MethodBatch, MethodTerms> loss,
        Func<Tensor, long, Device, ComponentStructure>? eStep = null, MateOptions? mates = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidInputException("method: the name is empty");
        ArgumentNullException.ThrowIfNull(loss);
        return new LossMethod(name, loss, eStep, mates);
    }

    /// <summary>DSCH's E-step (<see cref="EStep.Discover"/>) under <paramref name="options"/>, as a function.</summary>
    public static Func<Tensor, long, Device, ComponentStructure> DschEStep(ComponentOptions options) =>
        (H, seed, device) => EStep.Discover(H, options, seed, device);
}
