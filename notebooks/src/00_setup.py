CELLS = [
("markdown", """# 00 · Setup check
Proves the whole stack works in this notebook host: Dsch.Lib loads, TorchSharp computes (a tensor and a
gradient), Plotly.NET draws a chart and Deedle shows a table. Run it with `./dsch notebooks run notebooks/00_setup.ipynb --out runs/notebooks`."""),
("csharp", SETUP_CELL),
("csharp", """// parameters
var dataset = "fashion-mnist";
var quick = true;
var seed = 0;"""),
("markdown", "## Versions and device"),
("csharp", """var device = ComputeDevice.Resolve(DeviceChoice.Auto);
var versions = Deedle.Frame.FromRecords(new[]
{
    new { Component = "Dsch.Lib", Version = TorchRuntime.DschVersion },
    new { Component = "TorchSharp", Version = TorchRuntime.TorchSharpVersion },
    new { Component = "libtorch", Version = TorchRuntime.LibTorchVersion },
    new { Component = ".NET", Version = Environment.Version.ToString() },
    new { Component = "device", Version = device.ToString() },
    new { Component = "CPU threads", Version = TorchRuntime.CpuThreads.ToString() },
});
versions"""),
("markdown", "## A tensor and its gradient\n`y = Σ x²`, so `dy/dx = 2x`: autograd must return exactly that."),
("csharp", """TorchRuntime.Seed(seed);
var x = torch.linspace(-2, 2, 9, requires_grad: true);
var y = (x * x).sum();
y.backward();
var sumOfSquares = y.item<float>();
var gradientMatches = x.grad!.allclose(2 * x.detach());
var xs = x.detach().data<float>().Select(v => (double)v).ToArray();
var gradient = x.grad!.data<float>().Select(v => (double)v).ToArray();
$"Σx² = {sumOfSquares:F3}; gradient equals 2x: {gradientMatches}\""""),
("markdown", "## A chart (plotly.js embedded, renders offline)"),
("csharp", """Charts.Lines("x² and its gradient", "x", "value", new[]
{
    new ChartSeries("x²", xs, xs.Select(v => v * v).ToArray()),
    new ChartSeries("d(x²)/dx", xs, gradient),
})"""),
]
