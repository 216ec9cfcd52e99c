CELLS = [
("markdown", """# 04 · Ablations
Change one switch, rerun, compare. Each item of `variants` is one run with everything else equal
(names as `dsch ablate --grid`): `dsch`, `baseline` (contrastive only), `no-fine`, `no-coarse`,
`no-cooccurrence`, `no-instance`, `diag`/`full`, `normalize`/`no-normalize`, or `lambda=…`, `tau=…`, `m1=…`, `m2=…`, `epochs=…`."""),
*DATA_PRELUDE,  # setup, parameters (dataset, quick, seed, bits), data check, data + features
("markdown", "## The switches\nEdit this cell to try other variants."),
("csharp", """var variants = new[] { "dsch", "baseline", "no-cooccurrence", "no-coarse", "lambda=0.5", "m1=50" };"""),
("csharp", """var runs = Lab.Ablate(data, features, bits, variants);
var runCount = runs.Count;
var dschMap = runs.Single(r => r.Name == "dsch").Map;
var baselineMap = runs.Single(r => r.Name == "baseline").Map;"""),
("markdown", "## Comparison"),
("csharp", """Lab.Compare(runs)"""),
("csharp", """Lab.CompareChart(runs, Lab.Yardstick(data, features, new[] { bits }, new[] { "lsh", "itq" }))"""),
("markdown", "## mAP per epoch of every variant"),
("csharp", """Lab.MapPerEpoch(runs)"""),
]
