using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// ResNet-18 (He et al., CVPR 2016) as a feature extractor: input RGB [0, 1] (N, 3, S, S), output the
/// 512-d globally average-pooled features of the last stage (N, 512). Built in TorchSharp with
/// TorchVision's state-dict names (<c>conv1 bn1 layer1.0.conv1 … layer4.1.bn2</c>, no <c>fc</c>), so it
/// can be fine-tuned and moved to CUDA like any module.
/// </summary>
/// <remarks>
/// <para>Weights: <see cref="ResNet18Onnx.LoadPretrained"/> maps the 110 initializers of the ImageNet
/// ResNet-18 shipped as ONNX in the NuGet package <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1
/// (output <c>Pooling395_Output_0</c>); a test checks the result against ONNX Runtime.</para>
/// <para>Preprocessing contract (<see cref="CaffeMeanImage"/>): RGB [0, 1] → ×255 → BGR → minus the
/// Caffe ImageNet mean image; no std division.</para>
/// <para>Faithful to the ONNX graph [official model]: it was exported from CNTK and has (2, 2, 2, 3) residual
/// blocks per stage (22 convolutions, 110 initializers) — one block more in the last stage than
/// TorchVision's ResNet-18, so <c>layer4.2.*</c> exists. Also the stem convolution pads (top/left 3, bottom/right 2)
/// and the stem max pool pads (1, 0) — equal to TorchVision's symmetric padding for even sides, which is the form run
/// when no gradient is recorded (<see cref="OnnxPadding"/>).
/// The ONNX graph ends in a fixed 7×7 average pool (global at 224 px); here it is a global average pool so
/// that any input side ≥ 32 works [decision].</para>
/// </remarks>
public sealed class ResNet18 : Backbone
{
    private readonly CaffeMeanImage preprocess;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;

    /// <summary>Residual blocks per stage of the ImageNet model in the NuGet package: (2, 2, 2, 3).</summary>
    public static readonly IReadOnlyList<int> OnnxBlocksPerStage = [2, 2, 2, 3];

    /// <summary>
    /// Creates the architecture with default (untrained) weights and the given BGR mean image (1, 3, 224, 224).
    /// <paramref name="blocksPerStage"/> defaults to <see cref="OnnxBlocksPerStage"/>; TorchVision's ResNet-18 is (2, 2, 2, 2).
    /// </summary>
    public ResNet18(Tensor meanImage, IReadOnlyList<int>? blocksPerStage = null) : base(nameof(ResNet18))
    {
        var blocks = blocksPerStage ?? OnnxBlocksPerStage;
        if (blocks.Count != 4 || blocks.Any(b => b < 1))
            throw new InvalidInputException($"ResNet18: blocksPerStage must be 4 positive counts, got ({string.Join(", ", blocks)})");
        BlocksPerStage = blocks.ToArray();
        preprocess = new CaffeMeanImage(meanImage);
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 0L, bias: false);
        bn1 = nn.BatchNorm2d(64);
        layer1 = Stage(64, 64, 1, blocks[0]);
        layer2 = Stage(64, 128, 2, blocks[1]);
        layer3 = Stage(128, 256, 2, blocks[2]);
        layer4 = Stage(256, 512, 2, blocks[3]);
        avgpool = nn.AdaptiveAvgPool2d(1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Id => "resnet18-imagenet-onnx";

    /// <inheritdoc />
    public override int FeatureDimension => 512;

    /// <inheritdoc />
    public override int MinimumInputSize => 32;

    /// <inheritdoc />
    public override string Preprocessing => "rgb[0,1]*255 -> bgr - caffe mean image (224x224, area-resampled)";

    /// <summary>Residual blocks in each of the four stages.</summary>
    public IReadOnlyList<int> BlocksPerStage { get; }

    /// <summary>
    /// True: pad explicitly as the ONNX graph does even when no gradient is recorded (the form every forward pass ran
    /// before the symmetric inference form, <see cref="OnnxPadding"/>); for tests that compare the two.
    /// </summary>
    internal bool LiteralOnnxGraph
    {
        get => _literal;
        set
        {
            _literal = value;
            foreach (var block in modules().OfType<ResNetBasicBlock>()) block.LiteralOnnxGraph = value;
        }
    }

    bool _literal;

    static Sequential Stage(long inPlanes, long planes, long stride, int count) =>
        nn.Sequential(Enumerable.Range(0, count).Select(i =>
            ($"{i}", (nn.Module<Tensor, Tensor>)new ResNetBasicBlock(i == 0 ? inPlanes : planes, planes, i == 0 ? stride : 1))));

    /// <summary>(N, 3, S, S) RGB in [0, 1] → (N, 512) features.</summary>
    public override Tensor forward(Tensor images)
    {
        CheckInput(images);
        using var scope = NewDisposeScope();
        var x = preprocess.forward(images);                                   // (N, 3, S, S) BGR − mean
        x = nn.functional.relu(bn1.forward(OnnxPadding.Conv(conv1, x, 3, 2, LiteralOnnxGraph)));  // (N, 64, S/2, S/2)
        // Post-ReLU values are ≥ 0, but pad with −∞ as the ONNX MaxPool does.
        x = OnnxPadding.MaxPool(x, 3, 2, 1, 0, LiteralOnnxGraph);                                  // (N, 64, S/4, S/4)
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));                  // (N, 512, S/32, S/32)
        return avgpool.forward(x).flatten(1).MoveToOuterDisposeScope();       // (N, 512)
    }
}
