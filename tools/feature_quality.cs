#:project ../src/Dsch.Lib/Dsch.Lib.csproj
// Retrieval quality and end-to-end extraction speed of ImageNet ResNet-18 features on Fashion-MNIST at several input sizes.
//   dotnet run tools/feature_quality.cs -- [--sizes 32,64] [--database 10000] [--threads 1]
// Uses the committed seed-0 split: its 1,000 queries and the first --database images of its database.
// Per size: images/s of the whole path (decode → resize → backbone, as `dsch extract` does), then mAP@1000 of
// (a) cosine kNN on the continuous features and (b) ITQ (50 iterations, seed 0) and PCAH codes at 32 and 64
// bits fitted on the database subset (unsupervised). The first size is the reference the others are compared to.
using System.Diagnostics;
using Dsch.Backbones;
using Dsch.Baselines;
using Dsch.Data;
using Dsch.Features;
using Dsch.Retrieval;
using TorchSharp;
using static TorchSharp.torch;

int[] sizes = Arg("--sizes", "32,64").Split(',').Select(int.Parse).ToArray();
int databaseCount = int.Parse(Arg("--database", "10000"));
torch.set_num_threads(int.Parse(Arg("--threads", "1")));
var data = DatasetCatalog.Open("fashion-mnist");
var query = data.Split.Query;
var database = data.Split.Database.Take(databaseCount).ToArray();
var queryLabels = data.Labels.Select(query);
var databaseLabels = data.Labels.Select(database);
using var backbone = ResNet18Onnx.LoadPretrained();
Console.WriteLine($"fashion-mnist seed-0 split: {query.Length} queries, {database.Length} database images; {torch.get_num_threads()} libtorch thread(s); load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"{"size",5} {"img/s",7} {"cosine kNN",11} {"ITQ 32",7} {"ITQ 64",7} {"PCAH 32",8} {"PCAH 64",8}");
foreach (int size in sizes)
{
    var options = new FeatureCacheOptions(InputSize: size, Views: 0, BatchSize: 64);
    var source = FeatureCacheExtraction.SourceFor(data, options) with { Query = query, Database = database, Train = [] };
    var clock = Stopwatch.StartNew();
    var features = FeatureCacheExtractor.Run(backbone, source, views: 0, batchSize: 64);
    double rate = (query.Length + database.Length) / clock.Elapsed.TotalSeconds;
    double cosine = CosineMap(features.Query, features.Database, 512, 1000);
    var q = new FeatureMatrix(Array.ConvertAll(features.Query, v => (double)v), query.Length, 512);
    var d = new FeatureMatrix(Array.ConvertAll(features.Database, v => (double)v), database.Length, 512);
    double Map(string method, int bits)
    {
        var hasher = Hasher.Fit(method, d, bits, seed: 0);
        return HammingRetrieval.Evaluate(hasher.Encode(q), hasher.Encode(d), Relevance.Between(queryLabels, databaseLabels), RetrievalOptions.MapOnly(1000)).MapAtK["1000"];
    }
    Console.WriteLine($"{size,5} {rate,7:F0} {cosine,11:F4} {Map("itq", 32),7:F4} {Map("itq", 64),7:F4} {Map("pcah", 32),8:F4} {Map("pcah", 64),8:F4}");
}

// mAP@K of cosine-similarity ranking (ties by database index, as docs/protocol.md), relevance = shared label.
double CosineMap(float[] queries, float[] items, int D, int K)
{
    using var scope = NewDisposeScope();
    var Q = nn.functional.normalize(tensor(queries, [queries.Length / D, D]), dim: 1);
    var X = nn.functional.normalize(tensor(items, [items.Length / D, D]), dim: 1);
    var order = Q.matmul(X.T).sort(1, true, true).Indices;   // (Nq, Nd)
    var ranks = order[.., ..K].data<long>().ToArray();
    double total = 0;
    for (int i = 0; i < Q.shape[0]; i++)
    {
        int hits = 0;
        double sum = 0;
        for (int r = 0; r < K; r++)
            if (queryLabels.SharesLabel(i, databaseLabels, (int)ranks[i * K + r])) { hits++; sum += hits / (r + 1.0); }
        total += hits == 0 ? 0 : sum / hits;
    }
    return total / Q.shape[0];
}

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
