using System.Globalization;
using System.Net;
using System.Text;
using Deedle;

namespace Dsch.Experiments;

/// <summary>Renders a Deedle frame as an HTML table (notebooks otherwise show it as an object tree).</summary>
public static class FrameHtml
{
    /// <summary>An HTML table of the first <paramref name="maxRows"/> rows; numbers to 4 decimals.</summary>
    public static string ToHtml(IFrame frame, int maxRows = 200) => frame.Apply(new TableOperation(maxRows));

    sealed class TableOperation(int maxRows) : IFrameOperation<string>
    {
        public string Invoke<TRow, TColumn>(Frame<TRow, TColumn> frame)
        {
            var columns = frame.ColumnKeys.ToArray();
            var series = columns.Select(c => frame.GetColumn<object>(c)).ToArray();
            var html = new StringBuilder("<table><thead><tr><th></th>");
            foreach (var column in columns) html.Append("<th>").Append(Encode(column)).Append("</th>");
            html.Append("</tr></thead><tbody>");
            int shown = 0;
            foreach (var row in frame.RowKeys)
            {
                if (shown++ == maxRows) { html.Append($"<tr><td colspan=\"{columns.Length + 1}\">… {frame.RowCount - maxRows} more rows</td></tr>"); break; }
                html.Append("<tr><th>").Append(Encode(row)).Append("</th>");
                foreach (var column in series)
                {
                    var value = column.TryGet(row);
                    html.Append("<td>").Append(value.HasValue ? Encode(value.Value) : "").Append("</td>");
                }
                html.Append("</tr>");
            }
            return html.Append("</tbody></table>").ToString();
        }

        static string Encode(object? value) => WebUtility.HtmlEncode(value switch
        {
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            float f => f.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value?.ToString() ?? "",
        });
    }
}
