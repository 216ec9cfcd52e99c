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
/// <param name="ComponentTermsOn">False during a warm-up epoch (<see cref="MateOptions.Warmup"/>).</param>
public sealed record EpochDiagnostics(double FineEntropy, double CoarseEntropy, double OtherImageShare,
    double FinePartnersPerRow, double CoarsePartnersPerRow, double FinePurity, double CoarsePurity, bool ComponentTermsOn)
{
    /// <summary>One line for progress displays: the diagnostics that were measured (a method without an E-step or a
    /// co-occurrence share has none of those parts); empty when none was.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (double.IsFinite(FineEntropy)) parts.Add(FormattableString.Invariant($"entropy P1 {FineEntropy:F4} P2 {CoarseEntropy:F4}"));
        if (double.IsFinite(OtherImageShare)) parts.Add(FormattableString.Invariant($"weight on other images {OtherImageShare:P1}"));
        if (double.IsFinite(FinePartnersPerRow)) parts.Add(FormattableString.Invariant($"mates/row fine {FinePartnersPerRow:F2} coarse {CoarsePartnersPerRow:F2}"));
        if (double.IsFinite(FinePurity)) parts.Add(FormattableString.Invariant($"purity fine {FinePurity:F3} coarse {CoarsePurity:F3}"));
        if (!ComponentTermsOn) parts.Add("warm-up");
        return string.Join(", ", parts);
    }
}
