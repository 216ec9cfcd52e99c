CELLS = [
("markdown", """# 05 · Results and plots
mAP against code length, precision–recall by Hamming radius and precision@N for every method, read from a
results folder written by `dsch reproduce` (`results.csv`, `curves.csv`). The default is the committed
reference run of the quick preset, `results/reference/quick-<dataset>/`; pass `--param results=DIR` for another."""),
("csharp", SETUP_CELL),
("csharp", """// parameters
var dataset = "fashion-mnist";
var quick = true;
var results = "";"""),
("markdown", "## Is the folder there?\nIf not, this cell gives the command that creates it."),
("csharp", """var folder = results.Length > 0 ? results : Lab.ReferenceResults(dataset);
Lab.ResultsStatus(folder, dataset)"""),
("csharp", """var loaded = Lab.LoadResults(folder, dataset);
var rowCount = loaded.Rows.Count;
var methods = string.Join(",", loaded.Methods);
var metric = loaded.Metrics.FirstOrDefault(m => m is "mAP@1000" or "mAP@5000") ?? loaded.Metrics.First();
Console.WriteLine($"{rowCount} rows, methods {methods}, bits {string.Join(",", loaded.Bits)}, metrics {string.Join(", ", loaded.Metrics)}");"""),
("markdown", "## The table\nmean ± std over seeds (number of seeds)."),
("csharp", """loaded.Table(metric)"""),
("markdown", "## mAP against code length"),
("csharp", """loaded.MapVsBits(metric)"""),
("markdown", "## Precision–recall by Hamming radius (longest code)"),
("csharp", """loaded.PrecisionRecall(loaded.Bits.Last())"""),
("markdown", "## Precision@N (longest code)"),
("csharp", """loaded.PrecisionAtN(loaded.Bits.Last())"""),
]
