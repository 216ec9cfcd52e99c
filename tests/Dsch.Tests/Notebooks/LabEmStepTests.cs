using System.Text.Json;
using Dsch.Backbones;
using Dsch.Config;
using Dsch.Data;
using Dsch.Features;
using Dsch.Interactive;
using Dsch.Notebooks;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Notebooks;

/// <summary>
/// The walkthrough helpers of notebooks 02 and 03 (<c>Lab.InitialHead</c>, <c>Lab.EncodeTraining</c>,
/// <c>Lab.DrawBatch</c>) on a small Fashion-MNIST subset with random features in place of the backbone's.
/// </summary>
public class LabEmStepTests
{
    const int N = 50, V = 4, D = 8, L = 6;

    static (LabData Data, LabFeatures Features) Small(int seed = 3)
    {
        var full = DatasetCatalog.Open("fashion-mnist");
        var (subset, source) = QuickSubset.Draw(full, new QuickSizes(Queries: 20, Train: N, Database: 120), seed);
        var data = new LabData(subset, Presets.Notebook("fashion-mnist", seed).FittedTo(subset), true, seed, source);
        using var generator = new Generator(7);
        var features = new FrozenFeatures(randn([N, V, D], generator: generator), randn([N, D], generator: generator),
            randn([20, D], generator: generator), randn([120, D], generator: generator),
            subset.Labels.Select(subset.Split.Query), subset.Labels.Select(subset.Split.Database));
        return (data, new LabFeatures(features, new FeatureCacheStatus(FeatureCacheState.Valid, "test"), 0, ""));
    }

    [Fact]
    public void DrawBatch_TakesBDistinctImages_TwoDifferentViewsEach_Interleaved()
    {
        var (data, features) = Small();
        var batch = Lab.DrawBatch(data, features, batchSize: 7);

        Assert.Equal(7, batch.B);
        Assert.Equal(7, batch.Images.Distinct().Count());
        Assert.All(batch.Images, i => Assert.InRange(i, 0, N - 1));
        Assert.All(Enumerable.Range(0, 7), b => Assert.NotEqual(batch.FirstView[b], batch.SecondView[b]));
        Assert.Equal(new long[] { 14, D }, batch.Inputs.shape);
        Assert.Equal(batch.Images.SelectMany(i => new[] { i, i }), batch.Rows.data<long>().ToArray());
        for (int b = 0; b < 7; b++)
        {
            Assert.True(batch.Inputs[2 * b].allclose(features.Features.TrainViews[batch.Images[b], batch.FirstView[b]], rtol: 0, atol: 0), $"row {2 * b}: view a of image {b}");
            Assert.True(batch.Inputs[2 * b + 1].allclose(features.Features.TrainViews[batch.Images[b], batch.SecondView[b]], rtol: 0, atol: 0), $"row {2 * b + 1}: view b of image {b}");
        }
    }

    [Fact]
    public void DrawBatch_IsSeeded_ByTheNotebooksSeedAndTheDraw()
    {
        var (data, features) = Small();
        var a = Lab.DrawBatch(data, features, batchSize: 7);
        var again = Lab.DrawBatch(data, features, batchSize: 7);
        var next = Lab.DrawBatch(data, features, batchSize: 7, draw: 1);

        Assert.Equal(a.Images, again.Images);
        Assert.Equal(a.SecondView, again.SecondView);
        Assert.NotEqual(a.Images, next.Images);
    }

    [Fact]
    public void DrawBatch_LargerThanTheTrainingSet_NamesTheOption()
    {
        var (data, features) = Small();
        var error = Assert.Throws<InvalidInputException>(() => Lab.DrawBatch(data, features, batchSize: N + 1));
        Assert.Contains("batchSize: 51", error.Message);
    }

    [Fact]
    public void InitialHead_IsTheTrainersHead_AndEncodeTrainingGivesH_OfEveryTrainingImage()
    {
        var (data, features) = Small();
        var head = Lab.InitialHead(data, features, L);
        var same = new HashHead(D, L, data.Seed);
        var H = Lab.EncodeTraining(head, features);

        Assert.Equal(new long[] { N, L }, H.shape);
        using (no_grad()) Assert.True(H.allclose(same.forward(features.Features.Train), rtol: 1e-4, atol: 1e-7), "H = tanh(W2 (W1 x + b1) + b2) of the un-augmented training features");
        Assert.True(H.abs().max().item<float>() < 1f);
    }

    [Fact]
    public void Montage_ShowsBothViewsOfEveryImage()
    {
        var (data, features) = Small();
        var montage = Lab.DrawBatch(data, features, batchSize: 3).Montage(tile: 20);
        Assert.Contains("data:image/png;base64,", montage.Html);
        Assert.Contains("3 images (columns): view a (top) and view b (bottom), 32 px", montage.Html);
    }

    [Fact]
    public void TensorCharts_DrawAHeatmapAndAHistogram_AndRejectWhatIsNotAMatrix()
    {
        using var matrix = tensor(new float[] { 0, 1, 2, 3, 4, 5 }).reshape(2, 3);
        using var heatmap = JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(TensorCharts.Heatmap(matrix, "m")));
        var trace = heatmap.RootElement.GetProperty("data")[0];
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal([3.0, 4.0, 5.0], trace.GetProperty("z")[0].EnumerateArray().Select(v => v.GetDouble()));   // row 1 first: plotly draws y upwards
        using var histogram = JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(TensorCharts.Histogram(matrix, "values", bins: 3)));
        Assert.Equal([2.0, 2.0, 2.0], histogram.RootElement.GetProperty("data")[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble())); // 0–1, 2–3, 4–5
        Assert.Throws<ArgumentException>(() => TensorCharts.Heatmap(tensor(new float[] { 1, 2, 3 }), "v"));
    }

    [Fact]
    public void TensorCharts_Heatmap_OfNotebook02sPosteriors_StaysUnderTheExecutedNotebooksOutputLimit()
    {
        // 30 rows × 400 fine components of posteriors, as notebook 02 draws them: tools/check_executed_notebooks.py
        // fails a cell whose HTML passes 200,000 characters; four significant digits per cell keep it well under.
        using var generator = new TorchSharp.torch.Generator(7);
        using var posteriors = rand(30, 400, dtype: ScalarType.Float64, generator: generator).softmax(1);
        string html = Plotly.NET.GenericChart.toChartHTML(TensorCharts.Heatmap(posteriors, "P1"));
        Assert.True(html.Length < 150_000, $"{html.Length:N0} characters");
        using var figure = JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(TensorCharts.Heatmap(posteriors, "P1")));
        double first = figure.RootElement.GetProperty("data")[0].GetProperty("z")[29][0].GetDouble();  // row 0 is drawn last
        Assert.Equal(posteriors[0, 0].item<double>(), first, 4e-4 * Math.Abs(first) + 1e-12);
    }
}
