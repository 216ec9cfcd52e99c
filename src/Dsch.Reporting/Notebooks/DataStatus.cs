using Dsch.Data;

namespace Dsch.Notebooks;

/// <summary>Whether a dataset is where the readers look, and if not, exactly what to download and where to put it.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Found">True when a folder was found.</param>
/// <param name="Folder">The folder found, or null.</param>
/// <param name="Message">One paragraph for the notebook: the folder in use, or the files to get and the folders searched.</param>
public sealed record DataStatus(string Dataset, bool Found, string? Folder, string Message)
{
    /// <summary>The files each dataset's reader expects (data/README.md).</summary>
    static string Files(string dataset) => DatasetLocator.SourceOf(dataset) switch
    {
        "fashion-mnist" => "the four Fashion-MNIST IDX files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, " +
                           "t10k-labels-idx1-ubyte.gz (https://github.com/zalandoresearch/fashion-mnist; or apt-get install dataset-fashion-mnist)",
        "cifar10" => "the CIFAR-10 binary version (data_batch_1.bin … data_batch_5.bin, test_batch.bin, from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz) " +
                     "or the python version (data_batch_1 … data_batch_5, test_batch), directly or in cifar-10-batches-bin/ / cifar-10-batches-py/",
        "flickr25k" => "MIRFLICKR-25000 (mirflickr/im1.jpg … and annotations/ with the 24 label files, https://press.liacs.nl/mirflickr/) " +
                       "or the list form database.txt/test.txt/train.txt (path + 24 labels a line)",
        "nuswide" => "NUS-WIDE in list form: database.txt, test.txt, train.txt (image path + 21 labels of 0/1 a line) beside the images",
        _ => "the list files database.txt, test.txt, train.txt (image path + 0/1 labels a line)",
    };

    /// <summary>Looks for <paramref name="dataset"/> in the usual places (<see cref="DatasetLocator"/>).</summary>
    /// <exception cref="InvalidInputException">Unknown dataset name.</exception>
    public static DataStatus Of(string dataset)
    {
        DatasetLocator.Require(dataset);
        var folder = DatasetLocator.Find(dataset);
        if (folder is not null) return new DataStatus(dataset, true, folder, $"{dataset}: using {folder}");
        var places = string.Join(", ", DatasetLocator.Candidates(dataset));
        return new DataStatus(dataset, false, null,
            $"{dataset} is not installed. Download {Files(dataset)} and put the files into one of: {places} " +
            $"(or set DSCH_DATA to a folder holding {DatasetLocator.SourceOf(dataset)}/). See data/README.md. The cells below fail until it is there.");
    }
}
