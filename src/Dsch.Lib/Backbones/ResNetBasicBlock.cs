using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Dsch.Runtime.Scalars;

namespace Dsch.Backbones;

/// <summary>
/// The two-convolution residual block of ResNet-18 (He et al. 2016): <c>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))</c>,
/// with a 1×1 strided convolution + batch norm as shortcut when the shape changes. Sub-modules carry the
/// TorchVision state-dict names (<c>conv1 bn1 conv2 bn2 downsample.0 downsample.1</c>).
/// </summary>
/// <remarks>
/// Padding follows the imported ONNX graph (exported from CNTK): a stride-2 3×3 convolution pads one
/// pixel at the top/left and none at the bottom/right (<c>pads = 1,1,0,0</c>). For even input sides this
/// is identical to TorchVision's symmetric padding of 1, the form run when no gradient is recorded (<see cref="OnnxPadding"/>);
/// for odd sides it reproduces the ONNX graph.
/// </remarks>
public sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
    private readonly bool _strided;

    /// <summary>A block mapping <paramref name="inPlanes"/> to <paramref name="planes"/> channels with the given stride (1 or 2).</summary>
    public ResNetBasicBlock(long inPlanes, long planes, long stride) : base(nameof(ResNetBasicBlock))
    {
        // Stride 1: symmetric pad inside the conv. Stride 2: explicit (left, right, top, bottom) = (1, 0, 1, 0).
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: stride == 1 ? 1L : 0L, bias: false);
        _strided = stride != 1;
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1L, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, padding: 0L, bias: false), nn.BatchNorm2d(planes));
        RegisterComponents();
    }

    /// <summary>True: pad the strided convolution explicitly even without gradients (see <see cref="ResNet18.LiteralOnnxGraph"/>).</summary>
    internal bool LiteralOnnxGraph { get; set; }

    /// <summary>(N, C_in, H, W) → (N, planes, H/stride, W/stride).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(bn1.forward(_strided ? OnnxPadding.Conv(conv1, x, 1, 0, LiteralOnnxGraph) : conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        var shortcut = downsample is null ? x : downsample.forward(x);
        return nn.functional.relu(y.add(shortcut, One)).MoveToOuterDisposeScope();
    }
}
