using System.Text;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Dsch.Data.MosaicLists;

/// <summary>
/// Writes a <see cref="MosaicListRecipe"/> as an <c>imagelist</c> folder (data/README.md): <c>images/d######.png</c>
/// (database) and <c>images/q######.png</c> (queries), 84 × 84 grey PNGs; <c>database.txt</c>, <c>test.txt</c>,
/// <c>train.txt</c> (paths and ten 0/1 labels); <c>classes.txt</c>; and <c>mosaic-list.json</c> (generator, version,
/// seed, counts, source label hash, composition hash).
/// </summary>
/// <remarks>
/// Everything goes into a fresh sibling folder first, which is renamed to the target only when complete, so an
/// interrupted run leaves no half list under the target name. Same recipe → byte-identical files (PNG encoding is
/// deterministic; no timestamps are written).
/// </remarks>
public static class MosaicListWriter
{
    /// <summary>Name of the provenance file written beside the lists.</summary>
    public const string StampFile = "mosaic-list.json";

    /// <summary>Writes the folder <paramref name="folder"/>, which must not exist yet.</summary>
    /// <param name="folder">Target folder (absent; its parent is created when needed).</param>
    /// <param name="recipe">What to draw.</param>
    /// <param name="sourcePixels">Fashion-MNIST's pooled grey pixels, 28 × 28 bytes per item.</param>
    /// <param name="classNames">The ten class names, for <c>classes.txt</c>.</param>
    /// <param name="seed">Generator seed (recorded).</param>
    /// <param name="sourceHash">Content hash of the source labels (recorded).</param>
    public static void Write(string folder, MosaicListRecipe recipe, byte[] sourcePixels, IReadOnlyList<string> classNames, int seed, string sourceHash)
    {
        var target = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var partial = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(partial, "images"));
            var names = Enumerable.Range(0, recipe.Count)
                .Select(m => m < recipe.DatabaseCount ? $"images/d{m:D6}.png" : $"images/q{m - recipe.DatabaseCount:D6}.png").ToArray();
            for (int m = 0; m < recipe.Count; m++)
            {
                using var image = Image.LoadPixelData<L8>(Compose(recipe, sourcePixels, m), MosaicListDesign.Grid.ImageSide, MosaicListDesign.Grid.ImageSide);
                image.SaveAsPng(Path.Combine(partial, names[m]));
            }
            WriteList(Path.Combine(partial, "database.txt"), recipe, names, Enumerable.Range(0, recipe.DatabaseCount));
            WriteList(Path.Combine(partial, "test.txt"), recipe, names, Enumerable.Range(recipe.DatabaseCount, recipe.Count - recipe.DatabaseCount));
            WriteList(Path.Combine(partial, "train.txt"), recipe, names, recipe.Train);
            File.WriteAllText(Path.Combine(partial, "classes.txt"), string.Join('\n', classNames) + "\n");
            File.WriteAllText(Path.Combine(partial, StampFile), Stamp(recipe, seed, sourceHash));
            Directory.Move(partial, target);
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>The grey pixels (84 × 84, row-major) of image <paramref name="m"/>: its items in their cells, the rest black.</summary>
    public static byte[] Compose(MosaicListRecipe recipe, byte[] sourcePixels, int m)
    {
        var grid = MosaicListDesign.Grid;
        return grid.Compose(recipe.Cells.AsSpan(m * grid.Cells, grid.Cells), sourcePixels);
    }

    static void WriteList(string path, MosaicListRecipe recipe, string[] names, IEnumerable<int> images)
    {
        var text = new StringBuilder();
        foreach (var m in images)
        {
            text.Append(names[m]);
            foreach (var label in recipe.Labels.Row(m)) text.Append(' ').Append(label);
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    static string Stamp(MosaicListRecipe recipe, int seed, string sourceHash) => JsonSerializer.Serialize(new
    {
        generator = MosaicListGenerator.Name,
        version = MosaicListGenerator.Version,
        seed,
        database = recipe.DatabaseCount,
        queries = recipe.Count - recipe.DatabaseCount,
        train = recipe.Train.Length,
        source = DatasetRegistry.FashionMnist.Name,
        source_label_hash = sourceHash,
        composition_hash = recipe.CompositionHash(),
        command = $"dsch data mosaic-list --seed {seed} --database {recipe.DatabaseCount} --queries {recipe.Count - recipe.DatabaseCount} --train {recipe.Train.Length} --out DIR",
    }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
