using Dsch.Data.Formats;

namespace Dsch.Data.Mosaics;

/// <summary>
/// The source items a generated dataset draws from, pooled by class and by part: the leading <c>trainItems</c> pooled
/// items are training items (database images are made of them), the rest test items (queries), so no query shares an
/// item with the database.
/// </summary>
public sealed class MosaicItems
{
    readonly int[][] _train, _test;
    readonly string _generator;

    /// <param name="sourceLabels">Class id of each pooled source item.</param>
    /// <param name="trainItems">How many leading pooled items are training items.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="generator">The generator's name, for the message when a class has no item.</param>
    public MosaicItems(IReadOnlyList<int> sourceLabels, int trainItems, int classes, string generator)
    {
        _train = PoolByClass(sourceLabels, 0, trainItems, classes);
        _test = PoolByClass(sourceLabels, trainItems, sourceLabels.Count, classes);
        _generator = generator;
        Classes = classes;
    }

    /// <summary>Number of classes (the width of the labels).</summary>
    public int Classes { get; }

    /// <summary>A uniform pooled item of class <paramref name="c"/> from the training (<paramref name="database"/>) or the test items.</summary>
    /// <exception cref="InvalidInputException">The part has no item of that class.</exception>
    public int Draw(int c, bool database, SeededRandom random)
    {
        var candidates = (database ? _train : _test)[c];
        if (candidates.Length == 0)
            throw new InvalidInputException($"{_generator}: the source data has no {(database ? "training" : "test")} item of class {c}");
        return candidates[random.NextInt(candidates.Length)];
    }

    /// <summary>
    /// Fashion-MNIST's files in <paramref name="root"/> as the items of <paramref name="grid"/>, with the content hash of their
    /// labels (recorded by the generators as the source's identity).
    /// </summary>
    /// <param name="root">Folder of the four IDX files.</param>
    /// <param name="grid">The canvas the items go on; its item side must be Fashion-MNIST's.</param>
    /// <param name="needs">Who needs the size, for the message ("the outfits").</param>
    /// <exception cref="InvalidInputException">Unreadable files, or images of another size.</exception>
    internal static (FashionMnistRaw Raw, string LabelHash) ReadFashionMnist(string root, MosaicGrid grid, string needs)
    {
        var raw = FashionMnistReader.ReadRaw(root);
        if ((raw.Width, raw.Height) != (grid.ItemSide, grid.ItemSide))
            throw InvalidInputException.At(root, null, $"Fashion-MNIST images are {raw.Height}×{raw.Width}, {needs} need {grid.ItemSide}×{grid.ItemSide}");
        return (raw, LabelMatrix.FromClassIds(raw.ClassIds, FashionMnistReader.ClassNames.Count).ContentHash());
    }

    static int[][] PoolByClass(IReadOnlyList<int> labels, int start, int end, int classes)
    {
        var pools = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (int i = start; i < end; i++) pools[labels[i]].Add(i);
        return pools.Select(p => p.ToArray()).ToArray();
    }
}
