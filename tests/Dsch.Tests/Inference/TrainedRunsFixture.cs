using Dsch.Tests.Experiments;
using Dsch.Tests.TestSupport;

namespace Dsch.Tests.Inference;

/// <summary>
/// Two short frozen-mode runs on the coloured-squares image list, trained once for the encode and search tests: 16 bits
/// (2 epochs) and 12 bits (1 epoch, a code length that fills no whole byte).
/// </summary>
public sealed class TrainedRunsFixture : IDisposable
{
    readonly TempDirectory _folder = new();

    public TrainedRunsFixture()
    {
        ExperimentFixtures.WriteColouredSquares(Data);
        Train(Run16, "16", "2");
        Train(Run12, "12", "1");
        _database16 = new(() =>
        {
            var path = Path.Combine(_folder.Path, "encoded", "db16.npy");
            var result = CliProcess.Run("encode", "--run", Run16, "--dataset", "imagelist", "--root", Data, "--set", "database", "--out", path);
            if (result.ExitCode != 0) throw new InvalidOperationException($"encoding the fixture database failed: {result.Stderr}");
            return path;
        });
    }

    public string Data => Path.Combine(_folder.Path, "data");
    public string Run16 => Path.Combine(_folder.Path, "run16");
    public string Run12 => Path.Combine(_folder.Path, "run12");

    /// <summary>The database set encoded once by <c>dsch encode</c> with the 16-bit run (codes, ids, manifest); read only.</summary>
    public string Database16 => _database16.Value;

    readonly Lazy<string> _database16;

    /// <summary>Paths of the query images in split order (the order of test.txt).</summary>
    public string[] QueryImages => [.. File.ReadLines(Path.Combine(Data, "test.txt")).Select(line => Path.GetFullPath(Path.Combine(Data, line.Split(' ')[0])))];

    void Train(string run, string bits, string epochs)
    {
        var result = CliProcess.Run("train", "--dataset", "imagelist", "--root", Data, "--bits", bits, "--epochs", epochs, "--seed", "3", "--out", run);
        if (result.ExitCode != 0) throw new InvalidOperationException($"training the fixture run failed: {result.Stderr}{result.Stdout}");
    }

    public void Dispose() => _folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TrainedRunsCollection : ICollectionFixture<TrainedRunsFixture>
{
    public const string Name = "trained runs for encode and search";
}
