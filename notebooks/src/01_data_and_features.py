CELLS = [
("markdown", """# 01 · Data and features
The dataset and its split, a montage of images, frozen ResNet-18 features of every image (cached), and the
classical hashers ITQ and LSH on those features as a first yardstick.
`quick = true` uses a seeded subset (100 queries, 500 training images, a 2,000-image database) so the whole
notebook runs in a couple of minutes on a CPU; `quick = false` uses the whole split and the `quick` preset of `dsch reproduce`.
Run: `./dsch notebooks run notebooks/01_data_and_features.ipynb --out runs/notebooks --param dataset=fashion-mnist`."""),
("csharp", SETUP_CELL),
("csharp", """// parameters
var dataset = "fashion-mnist";
var quick = true;
var seed = 0;"""),
("markdown", "## Is the data there?\nIf not, this cell says what to download and where to put it."),
("csharp", """var status = Lab.CheckData(dataset);
status.Message"""),
("markdown", "## The dataset and its split\nImages per class in each part (the database contains the training images)."),
("csharp", """var data = Lab.LoadData(dataset, quick, seed);
var sizes = data.Sizes;
Console.WriteLine($"{dataset}{(quick ? " (quick subset)" : "")}: {sizes["query"]} queries, {sizes["database"]} database, {sizes["train"]} training images, protocol {data.Data.Split.Protocol}");
Lab.SplitTable(data)"""),
("markdown", "## A montage\nThe first 30 training images; the stripe under each tile is its class colour."),
("csharp", """Lab.Montage(data.Data, data.Data.Split.Train.Take(30).ToArray(), columns: 15)"""),
("markdown", "## Features\nResNet-18 (ImageNet weights, frozen) on every image plus augmented views of the training images. The cache is reused while nothing that determines it changed."),
("csharp", """var features = Lab.ExtractFeatures(data);
var featureDimension = features.Dimension;
$"{features.TrainCount} training images × {features.Features.TrainViews.shape[1]} views, D = {featureDimension}, cache: {features.Status.State}\""""),
("markdown", "## A first yardstick: ITQ and LSH\nmAP of the classical hashers on the same features (the number DSCH must beat)."),
("csharp", """var yardstick = Lab.Yardstick(data, features, new[] { 16, 32 }, new[] { "itq", "lsh" });
var itqMap32 = yardstick.Single(s => s.Method == "itq" && s.Bits == 32).Map;
var lshMap32 = yardstick.Single(s => s.Method == "lsh" && s.Bits == 32).Map;
Lab.Table(yardstick)"""),
]
