using System.Security.Cryptography;
using Dsch.Backbones;
using Dsch.Config;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Inference;

/// <summary>
/// A finished training run opened for encoding: its <c>config.json</c> and the model weights of its newest checkpoint,
/// rebuilt as the trainer built them — frozen mode: the pretrained backbone, then the trained head (DSCH's
/// <see cref="HashHead"/>, folded, as the run encoded its query and database sets; or the deep baseline's own head that
/// <c>config.json</c>'s <c>method</c> names, <see cref="IHashingMethod.Head"/>); fine-tuning mode: the whole trained
/// <see cref="HashEncoder"/> with that head.
/// </summary>
/// <remarks>
/// The codes of an image are therefore the codes the run itself gives it: <c>dsch encode</c> of a run's query or database
/// set reproduces the run's <c>query_codes.npy</c>/<c>database_codes.npy</c> bit for bit (tested). The
/// <see cref="Fingerprint"/> (SHA-256 of <c>config.json</c> and the weight files) tells codes of different runs apart.
/// </remarks>
public sealed class TrainedRun : IDisposable
{
    readonly Backbone _backbone;
    readonly nn.Module<Tensor, Tensor>? _head;
    readonly HashEncoder? _encoder;
    readonly Device _device;

    /// <summary>The device the run computes on.</summary>
    public Device Device => _device;

    TrainedRun(string directory, RunConfig config, Backbone backbone, nn.Module<Tensor, Tensor>? head, HashEncoder? encoder, string fingerprint, Device device)
    {
        (Directory, Config, _backbone, _head, _encoder, Fingerprint, _device) = (directory, config, backbone, head, encoder, fingerprint, device);
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>The run's resolved configuration.</summary>
    public RunConfig Config { get; }

    /// <summary>Code length L.</summary>
    public int Bits => Config.Training.Bits;

    /// <summary>Side S the images are resized to, as in training.</summary>
    public int InputSize => Config.Features.InputSize;

    /// <summary>SHA-256 (hex) of <c>config.json</c> and of every weight file, in state-dict order.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Opens <paramref name="directory"/>: reads <c>config.json</c>, creates the backbone it names and loads the newest
    /// checkpoint's weights. A folder without a run or without a checkpoint, or weights of another shape (another code
    /// length or backbone than <c>config.json</c> says) are <see cref="InvalidInputException"/>s naming the file.
    /// </summary>
    public static TrainedRun Open(string directory, Device? device = null)
    {
        if (!System.IO.Directory.Exists(directory)) throw new InvalidInputException($"--run {directory}: no such folder");
        var config = RunConfig.ReadFrom(directory);
        // A deep baseline's head, as the trainer built it (null: DSCH's HashHead); an unknown name is refused here.
        var method = config.Method is { } name
            ? DeepBaselines.Contains(name) ? DeepBaselines.Method(name)
                : throw new InvalidInputException($"--run {directory}: config.json names method '{name}', which this version does not know (known: {string.Join(", ", DeepBaselines.Names)})")
            : null;
        if (!Checkpoint.Exists(directory))
            throw new InvalidInputException($"--run {directory}: no checkpoint.json — the run has no trained model yet");
        device ??= CPU;
        var backbone = BackboneCatalog.Create(config.Features.Backbone, config.Features.Weights);
        try
        {
            var (bits, seed) = (config.Training.Bits, config.Training.Seed);
            var head = method?.Head(backbone.FeatureDimension, bits, seed) ?? new HashHead(backbone.FeatureDimension, bits, seed);
            HashEncoder? encoder = null;
            nn.Module model = head;
            if (config.Training.Mode == TrainingMode.Finetune)
            {
                model = encoder = new HashEncoder(backbone, head, bits);
                head = null;
            }
            var weights = Checkpoint.LoadModel(directory, model);
            model.to(device);
            model.eval();
            backbone.to(device);
            backbone.eval();
            return new TrainedRun(directory, config, backbone, head, encoder, FingerprintOf(directory, weights), device);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Continuous codes (B, L) on the CPU of a batch of images (B, 3, S, S), RGB in [0, 1] as
    /// <see cref="Data.ImagePipeline"/> makes them — eval mode, no gradients. The binary code is their sign (0 → +1).
    /// </summary>
    public Tensor Encode(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != InputSize || images.shape[3] != InputSize)
            throw new InvalidInputException($"encode: expected images (B, 3, {InputSize}, {InputSize}), got ({string.Join(", ", images.shape)})");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = images.to(_device);                                                   // (B, 3, S, S)
        var codes = _encoder is not null
            ? _encoder.forward(x)                                                     // (B, L), as ImageInputs.Encode
            : _head is HashHead head
                ? head.EncodeFolded(_backbone.forward(x))                             // (B, D) → (B, L), as FrozenInputs.Encode
                : _head!.forward(_backbone.forward(x));                               // a baseline's head, as FrozenInputs.Encode
        return codes.cpu().MoveToOuterDisposeScope();
    }

    static string FingerprintOf(string directory, IReadOnlyList<string> weightFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in weightFiles.Prepend(Path.Combine(directory, "config.json")))
        {
            using var stream = File.OpenRead(file);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_encoder is not null) _encoder.Dispose(); // owns the backbone
        else
        {
            _head?.Dispose();
            _backbone.Dispose();
        }
    }
}
