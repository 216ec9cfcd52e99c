using System.Globalization;
using System.Text;
using Dsch.IO;

namespace Dsch.Experiments;

/// <summary>Reads and writes <c>results.csv</c> (RFC 4180 quoting, invariant culture, one <see cref="ResultRow"/> a line).</summary>
public static class ResultsCsv
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the rows atomically, header first.</summary>
    public static void Write(string path, IEnumerable<ResultRow> rows)
    {
        var text = new StringBuilder(string.Join(',', ResultRow.Columns)).Append('\n');
        foreach (var r in rows)
        {
            string[] fields =
            [
                r.Dataset, r.Protocol, r.SplitSeed.ToString(Invariant), r.Method, r.Bits.ToString(Invariant),
                r.Seed.ToString(Invariant), r.Metric, r.Value.ToString("R", Invariant), r.Backbone, r.Device,
                r.Seconds.ToString("0.###", Invariant), r.Versions, r.GitCommit,
            ];
            text.Append(string.Join(',', fields.Select(Quote))).Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a file written by <see cref="Write"/>; a malformed line is an error naming the line.</summary>
    public static List<ResultRow> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: results file not found");
        var lines = Dsch.IO.InputFile.ReadLines(path).ToArray();
        if (lines.Length == 0 || lines[0] != string.Join(',', ResultRow.Columns))
            throw InvalidInputException.At(path, "line 1", $"expected the header '{string.Join(',', ResultRow.Columns)}'");
        var rows = new List<ResultRow>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            var f = Split(lines[n]);
            try
            {
                if (f.Count != ResultRow.Columns.Length) throw new FormatException($"{f.Count} fields, expected {ResultRow.Columns.Length}");
                rows.Add(new ResultRow(f[0], f[1], int.Parse(f[2], Invariant), f[3], int.Parse(f[4], Invariant),
                    long.Parse(f[5], Invariant), f[6], double.Parse(f[7], Invariant), f[8], f[9],
                    double.Parse(f[10], Invariant), f[11], f[12]));
            }
            catch (FormatException e)
            {
                throw InvalidInputException.At(path, $"line {n + 1}", e.Message);
            }
        }
        return rows;
    }

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) throw new FormatException("unterminated quoted field");
        fields.Add(current.ToString());
        return fields;
    }
}
