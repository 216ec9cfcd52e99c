namespace Dsch.Experiments;

/// <summary>
/// Draws the pictures of a results folder from its rows and curves, writes them into <paramref name="directory"/> and
/// returns the files written. <see cref="Reproduction.Run"/> calls it after the tables; the CLI passes
/// <c>Dsch.Experiments.ResultPlots.WriteAll</c> of Dsch.Reporting.
/// </summary>
/// <remarks>[decision] A delegate rather than a call: the library carries the algorithm and references nothing for
/// display, so whoever draws (the CLI, a notebook) hands the drawing in.</remarks>
/// <param name="directory">The results folder.</param>
/// <param name="rows">Every row of results.csv, in the grid's order.</param>
/// <param name="curves">Every point of curves.csv.</param>
/// <param name="metric">The metric of the mAP-vs-bits chart (the preset's primary metric).</param>
public delegate IReadOnlyList<string> ResultChartWriter(string directory, IReadOnlyList<ResultRow> rows, IReadOnlyList<CurvePoint> curves, string metric);
