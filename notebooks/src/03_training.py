CELLS = [
("markdown", """# 03 · Training
The DSCH EM loop on the cached features (frozen-features mode): before every epoch the E-step fits the
components on the current codes, the epoch trains the hash head with the instance and component terms, and
query/database mAP is measured after it. The loss terms and mAP are plotted per epoch and compared with LSH and ITQ."""),
*DATA_PRELUDE,  # setup, parameters (dataset, quick, seed, bits), data check, data + features
("markdown", "## Train\nThe preset's options (τ, λ, m1, m2, epochs); one line per epoch."),
("csharp", """var options = data.TrainingFor(bits);
Console.WriteLine($"τ = {options.Loss.Tau}, λ = {options.Loss.Lambda}, m1 = {options.Components.Fine}, m2 = {options.Components.Coarse}, {options.Epochs} epochs, B = {options.BatchSize}");
var run = Lab.Train(data, features, bits);
var dschMap = run.Map;
var epochs = run.Result.History.Count;"""),
("markdown", "## Loss terms per epoch"),
("csharp", """run.LossChart"""),
("markdown", "## mAP per epoch"),
("csharp", """run.MapChart"""),
("csharp", """run.History"""),
("markdown", "## Against the classical hashers\nSame features, same bits, same queries and database."),
("csharp", """var classical = Lab.Yardstick(data, features, new[] { bits }, new[] { "lsh", "itq" });
var lshMap = classical.Single(s => s.Method == "lsh").Map;
var itqMap = classical.Single(s => s.Method == "itq").Map;
Lab.Table(classical.Prepend(run.Score))"""),
]
