CELLS = [
("markdown", """# 06 · Retrieval demo
Train DSCH (as in notebook 03), pick a query image, and show its top-k database images by Hamming distance
of the codes: a green frame marks a relevant image (shares a label with the query), red one that is not."""),
*DATA_PRELUDE,  # setup, parameters (dataset, quick, seed, bits), data check, data + features
("markdown", "## Train"),
("csharp", """var run = Lab.Train(data, features, bits);"""),
("markdown", "## Pick a query\n`query` is a position in the query set; change it and rerun the cell."),
("csharp", """var query = 7;
var k = 12;
var demo = Lab.Retrieve(data, run, query, k);
var shown = demo.Items.Count;
var precisionAtK = demo.Precision;
Console.WriteLine($"query {query} (image {demo.QueryImage}): precision@{k} = {precisionAtK:F2}");
demo.View"""),
("csharp", """Deedle.Frame.FromRecords(demo.Items)"""),
]
