namespace Dsch.Training;

/// <summary>Running sums over an epoch's steps of a method's named terms and diagnostics, for the epoch's means.</summary>
sealed class TermSums
{
    readonly Dictionary<string, double> _sums = [];

    /// <summary>Adds one step's values (already checked to be finite scalars by <see cref="MethodChecks"/>).</summary>
    public void Add(MethodTerms terms)
    {
        foreach (var (name, value) in terms.Terms) Add(name, value);
        foreach (var (name, value) in terms.Diagnostics ?? []) Add(name, value);
    }

    void Add(string name, TorchSharp.torch.Tensor value) =>
        _sums[name] = _sums.GetValueOrDefault(name) + MethodChecks.ValueOf(value);

    /// <summary>The mean over <paramref name="steps"/> of <paramref name="name"/>, or <paramref name="absent"/> when the method never reported it.</summary>
    public double Mean(string name, int steps, double absent) => _sums.TryGetValue(name, out var sum) ? sum / steps : absent;

    /// <summary>Every reported name with its mean over <paramref name="steps"/>.</summary>
    public IReadOnlyDictionary<string, double> Means(int steps) => _sums.ToDictionary(p => p.Key, p => p.Value / steps);
}
