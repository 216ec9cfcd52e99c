using System.Globalization;
using System.Text;
using Dsch.IO;

namespace Dsch.Experiments;

/// <summary>
/// One point of a retrieval curve of a method × bits × seed: precision–recall by Hamming radius
/// (<c>pr_radius</c>, X = radius) or precision/recall at the top N (<c>at_n</c>, X = N). Stored in <c>curves.csv</c>.
/// </summary>
public sealed record CurvePoint(string Method, int Bits, long Seed, string Curve, double X, double Precision, double Recall)
{
    /// <summary>Curve name for precision–recall by Hamming radius.</summary>
    public const string ByRadius = "pr_radius";

    /// <summary>Curve name for precision@N / recall@N.</summary>
    public const string AtN = "at_n";

    const string Header = "method,bits,seed,curve,x,precision,recall";

    /// <summary>Writes the points atomically.</summary>
    public static void WriteCsv(string path, IEnumerable<CurvePoint> points)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var p in points)
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{p.Method},{p.Bits},{p.Seed},{p.Curve},{p.X:R},{p.Precision:R},{p.Recall:R}\n"));
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a file written by <see cref="WriteCsv"/>; a malformed line is an error naming it.</summary>
    public static List<CurvePoint> ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: curves file not found");
        var lines = Dsch.IO.InputFile.ReadLines(path).ToArray();
        if (lines.Length == 0 || lines[0] != Header) throw InvalidInputException.At(path, "line 1", $"expected the header '{Header}'");
        var points = new List<CurvePoint>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            var f = lines[n].Split(',');
            try
            {
                if (f.Length != 7) throw new FormatException($"{f.Length} fields, expected 7");
                var c = CultureInfo.InvariantCulture;
                points.Add(new CurvePoint(f[0], int.Parse(f[1], c), long.Parse(f[2], c), f[3],
                    double.Parse(f[4], c), double.Parse(f[5], c), double.Parse(f[6], c)));
            }
            catch (FormatException e)
            {
                throw InvalidInputException.At(path, $"line {n + 1}", e.Message);
            }
        }
        return points;
    }
}
