using Dsch.Data;
using TorchSharp;

namespace Dsch.Baselines;

/// <summary>
/// A row-major (N, D) matrix of finite feature values — the input of the classical hashing baselines
/// (image features such as VGG fc7 or ResNet pooled outputs).
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>Wraps row-major values, checking the shape and that every value is finite.</summary>
    /// <exception cref="ArgumentException">Shape mismatch, or a NaN/∞ value (message gives row and column).</exception>
    public FeatureMatrix(double[] values, int rows, int columns)
    {
        if (rows < 0 || columns < 1) throw new ArgumentException($"need rows ≥ 0 and columns ≥ 1, got ({rows}, {columns})");
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"expected {rows}×{columns} = {(long)rows * columns} values, got {values.Length}");
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"non-finite value {values[i]} at row {i / columns}, column {i % columns}");
        Values = values;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The values, row-major (N, D).</summary>
    public double[] Values { get; }

    /// <summary>N, the number of items.</summary>
    public int Rows { get; }

    /// <summary>D, the feature dimension.</summary>
    public int Columns { get; }

    /// <summary>Copies a feature tensor (N, D) of any floating dtype and device into a float64 matrix.</summary>
    public static FeatureMatrix FromTensor(torch.Tensor features)
    {
        if (features.dim() != 2) throw new ArgumentException($"features: expected a matrix (N, D), got rank {features.dim()}");
        using var scope = torch.NewDisposeScope();                               // holds the temporaries (environment.md)
        var cpu = features.detach().cpu().to(torch.ScalarType.Float64).contiguous(); // (N, D)
        return new FeatureMatrix(cpu.data<double>().ToArray(), (int)cpu.shape[0], (int)cpu.shape[1]);
    }

    /// <summary>Reads a 2-D numeric <c>.npy</c> file; any problem is an <see cref="InvalidInputException"/> naming the file.</summary>
    public static FeatureMatrix Read(string path)
    {
        var array = NpyFile.Read(path);
        if (array.Rank != 2)
            throw InvalidInputException.At(path, null, $"features must be a 2-D (N, D) array, got shape ({string.Join(", ", array.Shape)})");
        try
        {
            return new FeatureMatrix(array.ToDoubles(), array.Shape[0], array.Shape[1]);
        }
        catch (ArgumentException e)
        {
            throw InvalidInputException.At(path, null, e.Message);
        }
    }
}
