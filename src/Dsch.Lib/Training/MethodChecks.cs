using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// Checks what an <see cref="IHashingMethod"/> returns before the trainer uses it, so a method written in a notebook
/// cell that returns a wrong shape, a term without gradient or malformed posteriors, or that throws, stops training at
/// that step with one line naming the method, epoch, step and the term or array. A NaN or infinite value is a
/// divergence (<see cref="TrainingDivergedException"/>), named the same way.
/// </summary>
static class MethodChecks
{
    /// <summary>Largest accepted deviation of a posterior row's sum (or L2 norm) from 1.</summary>
    const double RowTolerance = 1e-6;

    /// <summary>The method's E-step, its exceptions and its output checked against N training images and code length L.</summary>
    public static ComponentStructure Discover(IHashingMethod method, Tensor H, long seed, Device device, int epoch)
    {
        var at = $"method '{method.Name}', epoch {epoch}, E-step";
        ComponentStructure structure;
        try { structure = method.Discover(H, seed, device); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw Wrapped(at, e); }
        if (structure is null) throw new InvalidInputException($"{at}: returned no components");
        try { Check(structure, H.shape[0], H.shape[1], at); }
        catch { structure.Dispose(); throw; }
        return structure;
    }

    /// <summary>The method's loss on one batch, its exceptions and its output checked; returns the terms' values.</summary>
    public static (MethodTerms Terms, double Total) Loss(IHashingMethod method, MethodBatch batch)
    {
        var at = $"method '{method.Name}', epoch {batch.Epoch}, step {batch.Step}";
        MethodTerms terms;
        try { terms = method.Loss(batch); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw Wrapped(at, e); }
        if (terms?.Total is null) throw new InvalidInputException($"{at}: the loss returned no total");
        double total = Scalar(terms.Total, "the loss", at, batch);
        if (!terms.Total.requires_grad)
            throw new InvalidInputException($"{at}: the loss (total) has no gradient (is it computed from batch.H, without detach()?)");
        foreach (var (name, term) in terms.Terms ?? [])
        {
            double value = Scalar(term, $"term '{name}'", at, batch);
            if (!term.requires_grad && value != 0)
                throw new InvalidInputException($"{at}: term '{name}' has no gradient (is it computed from batch.H, without detach()?)");
        }
        foreach (var (name, value) in terms.Diagnostics ?? []) Scalar(value, $"diagnostic '{name}'", at, batch);
        return (terms, total);
    }

    /// <summary>A term's value as a double (float32 → float64 is exact; not ToDouble(), which makes an unheld Scalar).</summary>
    public static double ValueOf(Tensor term) => term.detach().to(ScalarType.Float64).reshape(-1)[0].item<double>();

    static double Scalar(Tensor? value, string what, string at, MethodBatch batch)
    {
        if (value is null) throw new InvalidInputException($"{at}: {what} is null");
        if (value.numel() != 1)
            throw new InvalidInputException($"{at}: {what} has shape ({string.Join(", ", value.shape)}); every term must be a scalar (reduce it with mean() or sum())");
        double number = ValueOf(value);
        if (!double.IsFinite(number)) throw new TrainingDivergedException(batch.Epoch, batch.Step, number, what);
        return number;
    }

    static void Check(ComponentStructure s, long n, long bits, string at)
    {
        Shape(s.P1, "P1", [n, s.Fine], at);
        Shape(s.P2, "P2", [n, s.Coarse], at);
        Shape(s.Mu1, "μ1", [s.Fine, bits], at);
        Shape(s.Mu2, "μ2", [s.Coarse, bits], at);
        Shape(s.Pi1, "π1", [s.Fine], at);
        Shape(s.Pi2, "π2", [s.Coarse], at);
        Rows(s.P1, "P1", s.NormalizedPosteriors, at);
        Rows(s.P2, "P2", s.NormalizedPosteriors, at);
    }

    static void Shape(Tensor t, string name, long[] expected, string at)
    {
        if (!t.shape.SequenceEqual(expected))
            throw new InvalidInputException($"{at}: {name} has shape ({string.Join(", ", t.shape)}), expected ({string.Join(", ", expected)})");
    }

    /// <summary>Every row non-negative and finite, summing to 1 (P1, and P2 = P1·A, of unnormalised posteriors) or of
    /// unit L2 norm (P1 normalised; P2 of normalised P1 is then only checked to be finite and non-negative).</summary>
    static void Rows(Tensor p, string name, bool normalized, string at)
    {
        using var scope = NewDisposeScope();
        var values = p.detach().to(ScalarType.Float64);                                   // (N, m)
        var bad = (~values.isfinite()).logical_or(values.lt(Runtime.Scalars.Zero)).any(1); // (N)
        if (bad.any().item<bool>())
            throw new InvalidInputException($"{at}: {name} row {bad.nonzero()[0, 0].item<long>()} has a negative or non-finite entry");
        if (normalized && name == "P2") return;
        var sums = normalized ? values.norm(1, keepdim: false, p: 2) : values.sum(1);      // (N)
        var off = sums.sub(Runtime.Scalars.One).abs();
        long worst = off.argmax().item<long>();
        double deviation = off[worst].item<double>();
        if (deviation > RowTolerance)
            throw new InvalidInputException(FormattableString.Invariant(
                $"{at}: {name} row {worst} {(normalized ? "has L2 norm" : "sums to")} {sums[worst].item<double>():G6}, not 1 (posteriors: a distribution per image)"));
    }

    static InvalidInputException Wrapped(string at, Exception e) =>
        new($"{at}: {(e is InvalidInputException ? "" : e.GetType().Name + ": ")}{e.Message.ReplaceLineEndings(" ")}", e);
}
