namespace Dsch.Training;

/// <summary>
/// How much the component structure reaches the loss in one epoch (docs/method.md, "Findings"): computed from the
/// epoch's E-step and batches; NaN where no E-step ran (the contrastive baseline) or no labels were given.
/// </summary>
/// <param name="FineEntropy">Mean entropy (nats) of a row of the fine posteriors P1 (before normalisation).</param>
/// <param name="CoarseEntropy">Mean entropy of a row of the coarse posteriors P2.</param>
/// <param name="OtherImageShare">Mean over steps of the share of L_ic's positive weight on other images (not the twin view).</param>
/// <param name="FinePartnersPerRow">Mean number of other batch images in a batch image's fine component.</param>
/// <param name="CoarsePartnersPerRow">The same for the coarse component.</param>
/// <param name="FinePurity">Share of training images carrying their fine component's most frequent label (reporting only).</param>
/// <param name="CoarsePurity">The same for coarse components.</param>
/// <param name="ComponentTermsOn">False during a warm-up epoch (<see cref="MateOptions.WarmupEpochs"/>).</param>
public sealed record EpochDiagnostics(double FineEntropy, double CoarseEntropy, double OtherImageShare,
    double FinePartnersPerRow, double CoarsePartnersPerRow, double FinePurity, double CoarsePurity, bool ComponentTermsOn)
{
    /// <summary>One line for progress displays.</summary>
    public string Summary() => FormattableString.Invariant(
        $"entropy P1 {FineEntropy:F4} P2 {CoarseEntropy:F4}, weight on other images {OtherImageShare:P1}, mates/row fine {FinePartnersPerRow:F2} coarse {CoarsePartnersPerRow:F2}, purity fine {FinePurity:F3} coarse {CoarsePurity:F3}{(ComponentTermsOn ? "" : " (warm-up)")}");
}
