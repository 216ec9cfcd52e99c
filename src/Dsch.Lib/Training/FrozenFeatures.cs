using Dsch.Data;
using Dsch.Features;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// Backbone features for the frozen-features mode: V augmented views of each training image, the
/// un-augmented training images (for the E-step), and the query/database sets with their labels.
/// </summary>
/// <param name="TrainViews">(N, V, D) float32, V ≥ 2.</param>
/// <param name="Train">(N, D) un-augmented training features.</param>
/// <param name="Query">(Q, D).</param>
/// <param name="Database">(M, D).</param>
/// <param name="QueryLabels">Q rows.</param>
/// <param name="DatabaseLabels">M rows.</param>
public sealed record FrozenFeatures(Tensor TrainViews, Tensor Train, Tensor Query, Tensor Database,
    LabelMatrix QueryLabels, LabelMatrix DatabaseLabels)
{
    /// <summary>Cached features as the trainer wants them: the views become (N, V, D), the labels those of the split's query and database.</summary>
    public static FrozenFeatures From(CachedFeatures cached, HashingDataset data) => new(
        cached.TrainViews.permute(1, 0, 2).contiguous(), cached.Train, cached.Query, cached.Database,
        data.Labels.Select(data.Split.Query), data.Labels.Select(data.Split.Database));

    /// <summary>Feature dimension D.</summary>
    public long Dimension => Train.shape[1];

    /// <summary>Checks shapes, agreement of counts and finiteness; throws naming the part at fault.</summary>
    public FrozenFeatures Validate()
    {
        if (TrainViews.dim() != 3 || TrainViews.shape[1] < 2)
            throw new InvalidInputException($"train views must be (N, V ≥ 2, D), got ({string.Join(", ", TrainViews.shape)})");
        if (TrainViews.shape[0] != Train.shape[0] || TrainViews.shape[2] != Train.shape[1])
            throw new InvalidInputException("train views and train features disagree in N or D");
        if (Query.shape[1] != Dimension || Database.shape[1] != Dimension)
            throw new InvalidInputException("query/database features have another dimension than the training features");
        if (Query.shape[0] != QueryLabels.Count || Database.shape[0] != DatabaseLabels.Count)
            throw new InvalidInputException("feature rows and label rows disagree for the query or database set");
        foreach (var (name, tensor) in new[] { ("train views", TrainViews), ("train", Train), ("query", Query), ("database", Database) })
            if (!tensor.isfinite().all().item<bool>()) throw new InvalidInputException($"{name} features contain NaN or infinity");
        return this;
    }
}
