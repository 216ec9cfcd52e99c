using System.CommandLine;
using Dsch.Experiments;

namespace Dsch.Cli.Commands;

/// <summary><c>dsch report --results DIR</c>: re-renders the charts of a results folder from its results.csv and curves.csv.</summary>
static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "Folder written by reproduce/ablate (results.csv, curves.csv).", Required = true };
        var metric = new Option<string>("--metric") { Description = "Metric of the mAP-vs-bits chart.", DefaultValueFactory = _ => "mAP@1000" };
        var command = new Command("report", "Re-render the charts (HTML + PNG) of a results folder from its CSV files.") { results, metric };
        command.SetAction(parse => CliExit.Guard(() =>
        {
            var folder = parse.GetValue(results)!;
            var rows = ResultsCsv.Read(Path.Combine(folder, "results.csv"));
            var curvesPath = Path.Combine(folder, "curves.csv");
            var curves = File.Exists(curvesPath) ? CurvePoint.ReadCsv(curvesPath) : [];
            var files = ResultPlots.WriteAll(folder, rows, curves, parse.GetValue(metric)!);
            foreach (var file in files) Console.WriteLine(file);
            return CliExit.Success;
        }));
        return command;
    }
}
