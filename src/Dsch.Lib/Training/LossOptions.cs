namespace Dsch.Training;

/// <summary>
/// Switches and weights of the DSCH objective <c>L = L_ic + λ (L_cc^f + L_cc^c)</c> (docs/method.md, "M-step").
/// </summary>
/// <param name="Tau">Temperature τ of every softmax. [official] 1; the quick preset needs τ well below 1
/// (with unit codes and τ = 1 the softmaxes are almost flat) — see docs/method.md, "Findings".</param>
/// <param name="Lambda">Weight λ of the component terms. [official] 0.1.</param>
/// <param name="Instance">Include the instance-correlation term <c>L_ic</c>.</param>
/// <param name="Fine">Include the fine component term <c>L_cc^f</c>.</param>
/// <param name="Coarse">Include the coarse component term <c>L_cc^c</c>.</param>
/// <param name="Cooccurrence">Soft positives from <c>S = P1·P1ᵀ</c> in <c>L_ic</c>; false gives <c>S = I</c>
/// (plain two-view NT-Xent).</param>
public sealed record LossOptions(
    double Tau = 1.0,
    double Lambda = 0.1,
    bool Instance = true,
    bool Fine = true,
    bool Coarse = true,
    bool Cooccurrence = true)
{
    /// <summary>The contrastive baseline of the authors' ablation script: λ = 0 and S = I.</summary>
    public static LossOptions ContrastiveBaseline(double tau) =>
        new(Tau: tau, Lambda: 0, Fine: false, Coarse: false, Cooccurrence: false);

    /// <summary>True when the E-step is needed at all (some term uses the components).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NeedsComponents => (Lambda > 0 && (Fine || Coarse)) || (Instance && Cooccurrence);

    /// <summary>Throws on values outside their domain.</summary>
    public LossOptions Validate()
    {
        if (!(Tau > 0) || double.IsInfinity(Tau)) throw new InvalidInputException($"--tau: {Tau} must be a positive number");
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new InvalidInputException($"--lambda: {Lambda} must be ≥ 0");
        if (!Instance && !(Lambda > 0 && (Fine || Coarse)))
            throw new InvalidInputException("loss: every term is switched off (no instance term and no weighted component term)");
        return this;
    }
}
