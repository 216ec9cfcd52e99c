namespace Dsch.Experiments;

/// <summary>
/// One number of a results table in long format: a metric of a method at a code length and seed, with its
/// provenance (docs/protocol.md, "Reporting"). The CSV column names are a stable contract for other tools.
/// </summary>
/// <param name="Dataset">e.g. <c>fashion-mnist</c>.</param>
/// <param name="Protocol">Split protocol, e.g. <c>single-label</c>.</param>
/// <param name="SplitSeed">Seed of the query/database/train split.</param>
/// <param name="Method"><c>dsch</c>, <c>baseline</c> (contrastive), <c>itq</c>, <c>lsh</c>, <c>pcah</c>, <c>sh</c>, or an ablation name.</param>
/// <param name="Bits">Code length L.</param>
/// <param name="Seed">Training seed (for classical baselines: the projection/rotation seed).</param>
/// <param name="Metric"><c>mAP@1000</c>, <c>mAP@5000</c>, <c>mAP@all</c>, <c>mAP_tie_aware@1000</c>, <c>P@r2</c>, …</param>
/// <param name="Value">The number.</param>
/// <param name="Backbone">Feature extractor and input size, e.g. <c>resnet18@64</c>.</param>
/// <param name="Device"><c>cpu</c> or <c>cuda</c>.</param>
/// <param name="Seconds">Wall time of producing this method × bits × seed (training + encoding + evaluation).</param>
/// <param name="Versions">Library versions, e.g. <c>dsch 1.0.0; torchsharp 0.107.0; libtorch 2.10.0</c>.</param>
/// <param name="GitCommit">Commit of the code that produced the number.</param>
public sealed record ResultRow(
    string Dataset, string Protocol, int SplitSeed, string Method, int Bits, long Seed, string Metric, double Value,
    string Backbone, string Device, double Seconds, string Versions, string GitCommit)
{
    /// <summary>CSV header, in column order.</summary>
    public static readonly string[] Columns =
        ["dataset", "protocol", "split_seed", "method", "bits", "seed", "metric", "value", "backbone", "device", "seconds", "versions", "git_commit"];
}
