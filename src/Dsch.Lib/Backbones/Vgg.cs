using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// VGG-16 / VGG-19 (Simonyan and Zisserman, ICLR 2015) in TorchVision's layout, used as a feature
/// extractor: input RGB [0, 1] (N, 3, S, S), output the fc7 activations (N, 4096).
/// </summary>
/// <remarks>
/// <para>Layout and state-dict keys are TorchVision's: <c>features.N.weight/bias</c> (3×3 convolutions,
/// padding 1, ReLU, 2×2 max pools), <c>avgpool</c> (adaptive 7×7), <c>classifier.0</c> fc6,
/// <c>classifier.3</c> fc7, <c>classifier.6</c> fc8 (kept so that TorchVision checkpoints load strictly,
/// not used by <see cref="forward"/>). The feature is fc7 after its ReLU and dropout; dropout 0.5 after
/// fc6 and fc7 is active in training mode only [official: DSCH scripts].</para>
/// <para>Weights come only from a file (<see cref="VggWeights.Load"/>): a freshly constructed model has
/// TorchSharp's default initialisation and is meant to receive them.</para>
/// <para>Preprocessing contract: TorchVision's ImageNet normalisation on RGB [0, 1]:
/// mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). Constants, not buffers, so the state dict equals
/// TorchVision's.</para>
/// </remarks>
public sealed class Vgg : Backbone
{
    static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;
    private readonly int _depth;
    private readonly int _hidden;

    /// <summary>
    /// VGG with <paramref name="depth"/> 16 or 19 weight layers. <paramref name="widthDivisor"/> divides every
    /// channel and hidden width (1 = the real VGG; larger values give small models for tests and teaching).
    /// </summary>
    public Vgg(int depth, int widthDivisor = 1) : base($"Vgg{depth}")
    {
        int[] convsPerBlock = depth switch
        {
            16 => [2, 2, 3, 3, 3],
            19 => [2, 2, 4, 4, 4],
            _ => throw new InvalidInputException($"VGG depth must be 16 or 19, got {depth}"),
        };
        if (widthDivisor < 1 || 64 % widthDivisor != 0)
            throw new InvalidInputException($"VGG width divisor must divide 64, got {widthDivisor}");
        _depth = depth;
        _hidden = 4096 / widthDivisor;
        features = Features(convsPerBlock, widthDivisor);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 7, 7 });
        long flat = 512 / widthDivisor * 7 * 7;
        classifier = nn.Sequential(
            ("0", nn.Linear(flat, _hidden)), ("1", nn.ReLU()), ("2", nn.Dropout(0.5)),
            ("3", nn.Linear(_hidden, _hidden)), ("4", nn.ReLU()), ("5", nn.Dropout(0.5)),
            ("6", nn.Linear(_hidden, 1000)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Id => $"vgg{_depth}-imagenet";

    /// <inheritdoc />
    public override int FeatureDimension => _hidden;

    /// <inheritdoc />
    public override int MinimumInputSize => 32;

    /// <inheritdoc />
    public override string Preprocessing => "rgb[0,1] - (0.485,0.456,0.406) / (0.229,0.224,0.225)";

    /// <summary>Depth (16 or 19).</summary>
    public int Depth => _depth;

    static Sequential Features(int[] convsPerBlock, int widthDivisor)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = 3;
        for (int block = 0; block < convsPerBlock.Length; block++)
        {
            long width = Math.Min(64 << block, 512) / widthDivisor;
            for (int c = 0; c < convsPerBlock[block]; c++)
            {
                layers.Add(($"{layers.Count}", nn.Conv2d(channels, width, 3, stride: 1, padding: 1L)));
                layers.Add(($"{layers.Count}", nn.ReLU()));
                channels = width;
            }
            layers.Add(($"{layers.Count}", nn.MaxPool2d(2, stride: 2)));
        }
        return nn.Sequential(layers);
    }

    /// <summary>(N, 3, S, S) RGB in [0, 1] → (N, 4096) fc7 features (after ReLU and, in training mode, dropout).</summary>
    public override Tensor forward(Tensor images)
    {
        CheckInput(images);
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, [1, 3, 1, 1], device: images.device);
        var std = tensor(Std, [1, 3, 1, 1], device: images.device);
        var x = features.forward((images - mean) / std);                    // (N, 512, S/32, S/32)
        x = avgpool.forward(x).flatten(1);                                 // (N, 25088)
        foreach (var layer in classifier.children().Take(6).Cast<nn.Module<Tensor, Tensor>>())
            x = layer.forward(x);                                          // fc6 → relu → drop → fc7 → relu → drop
        return x.MoveToOuterDisposeScope();                                // (N, 4096)
    }
}
