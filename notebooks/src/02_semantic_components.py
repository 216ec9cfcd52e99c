CELLS = [
("markdown", """# 02 · Semantic components
The E-step of DSCH: a Gaussian mixture of m1 fine components fitted on the continuous codes of the training
images, its posteriors P1, and m2 coarse components (k-means on the fine means). Here the codes are the ITQ
projections of the frozen features (meaningful before any training); during training (notebook 03) the same
E-step runs on the hash head's codes before every epoch. Quick mode sizes m1 and m2 to the 500 training images."""),
*DATA_PRELUDE,  # setup, parameters (dataset, quick, seed, bits), data check, data + features
("markdown", "## Fit the mixture"),
("csharp", """var components = Lab.DiscoverComponents(data, features, bits);
var statistics = components.Structure.Statistics;
var m1 = components.Structure.Fine;
var m2 = components.Structure.Coarse;
var sizeTotal = components.FineSizes.Sum();
var trainCount = features.TrainCount;
$"m1 = {m1}, m2 = {m2}: EM {statistics.Iterations} iterations (converged: {statistics.Converged}), mean log-likelihood {statistics.MeanLogLikelihood:F2}, {statistics.EmptyFineComponents} empty components, {statistics.Seconds:F1} s\""""),
("markdown", "## Component sizes\nImages per fine component under hard assignment (they sum to N)."),
("csharp", """components.SizesChart"""),
("markdown", "## Posterior entropy\nLow entropy: images belong clearly to one component; ln m1 would be a flat posterior."),
("csharp", """var entropy = components.Entropy.Mean;
$"mean posterior entropy {entropy:F3} nats (maximum ln m1 = {components.Entropy.Maximum:F3})\""""),
("markdown", "## Largest fine components\nSize, coarse parent, majority class and its share (purity; labels are only read to describe, never used to fit)."),
("csharp", """components.FineTable(15)"""),
("markdown", "## The fine → coarse hierarchy"),
("csharp", """components.Hierarchy"""),
("markdown", "## Co-occurrence S = P1·P1ᵀ\nFor a sample of training images ordered by class: bright blocks on the diagonal mean images of one class share components."),
("csharp", """components.CooccurrenceHeatmap(60)"""),
("markdown", "## What each component means\nThe images with the highest posterior in each of the largest fine components."),
("csharp", """components.Montages(components: 6, perComponent: 10)"""),
]
