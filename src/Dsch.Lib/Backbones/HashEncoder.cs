using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Backbones;

/// <summary>
/// The DSCH encoder F: backbone + <see cref="HashHead"/>; maps images (N, 3, S, S), RGB [0, 1], to
/// continuous codes h = F(x) ∈ (−1, 1)^L, shape (N, L). The binary code is sign(h) (done by retrieval).
/// </summary>
/// <remarks>
/// [official] The paper fine-tunes all layers (<see cref="UnfreezeBackbone"/>, the default). A frozen
/// backbone (<see cref="FreezeBackbone"/>) gets no gradients and stays in eval mode even while the
/// encoder trains, so batch-norm statistics and dropout do not change [decision].
/// </remarks>
public sealed class HashEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Backbone backbone;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly int bits;

    /// <summary>Combines <paramref name="backbone"/> with a new head of <paramref name="bits"/> bits seeded by <paramref name="seed"/>.</summary>
    public HashEncoder(Backbone backbone, int bits, long seed) : this(backbone, new HashHead(backbone.FeatureDimension, bits, seed)) { }

    /// <summary>Combines <paramref name="backbone"/> with an existing <paramref name="head"/> (e.g. one trained on cached features).</summary>
    public HashEncoder(Backbone backbone, HashHead head) : this(backbone, head, head.Bits)
    {
        if (head.FeatureDimension != backbone.FeatureDimension)
            throw new InvalidInputException($"hash encoder: head expects D = {head.FeatureDimension}, backbone {backbone.Id} gives {backbone.FeatureDimension}");
    }

    /// <summary>
    /// Combines <paramref name="backbone"/> with any head mapping its features (N, D) to (N, <paramref name="bits"/>)
    /// (a hashing method's own head, e.g. a baseline's; see Training's <c>IHashingMethod.Head</c>).
    /// </summary>
    public HashEncoder(Backbone backbone, nn.Module<Tensor, Tensor> head, int bits) : base(nameof(HashEncoder))
    {
        if (bits < 1) throw new InvalidInputException($"hash encoder: code length L must be positive, got {bits}");
        this.backbone = backbone;
        this.head = head;
        this.bits = bits;
        RegisterComponents();
    }

    /// <summary>The backbone.</summary>
    public Backbone Backbone => backbone;

    /// <summary>The hash head.</summary>
    public nn.Module<Tensor, Tensor> Head => head;

    /// <summary>L, the code length.</summary>
    public int Bits => bits;

    /// <summary>True after <see cref="FreezeBackbone"/>.</summary>
    public bool BackboneFrozen { get; private set; }

    /// <summary>Stops gradients into the backbone and keeps it in eval mode.</summary>
    public void FreezeBackbone()
    {
        backbone.SetTrainable(false);
        backbone.eval();
        BackboneFrozen = true;
    }

    /// <summary>Makes the whole encoder trainable again (the paper's fine-tuning mode).</summary>
    public void UnfreezeBackbone()
    {
        backbone.SetTrainable(true);
        BackboneFrozen = false;
        backbone.train(training);
    }

    /// <inheritdoc />
    public override void train(bool on = true)
    {
        base.train(on);
        if (BackboneFrozen) backbone.eval();
    }

    /// <summary>(N, 3, S, S) RGB [0, 1] → (N, L) continuous codes (differentiable; respects train/eval mode).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = backbone.forward(images);     // (N, D)
        return head.forward(features).MoveToOuterDisposeScope();   // (N, L)
    }

    /// <summary>
    /// The backbone's features (N, D) and the codes (N, L) of one forward pass, the same operations as
    /// <see cref="forward"/>: a method whose loss compares codes with features gets both without a second pass.
    /// </summary>
    public (Tensor Features, Tensor Codes) ForwardWithFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = backbone.forward(images);     // (N, D)
        var codes = head.forward(features);          // (N, L)
        return (features.MoveToOuterDisposeScope(), codes.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Continuous codes of <paramref name="images"/> in eval mode without gradients, <paramref name="batchSize"/>
    /// images at a time; the result (N, L) is on the CPU. The previous train/eval mode is restored.
    /// </summary>
    public Tensor Encode(Tensor images, int batchSize = 64)
    {
        if (batchSize < 1) throw new InvalidInputException($"encode: batch size must be positive, got {batchSize}");
        bool wasTraining = training;
        eval();
        try
        {
            using var noGrad = torch.no_grad();
            var parts = new List<Tensor>();
            var device = parameters().First().device;
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)).to(device);
                parts.Add(forward(batch).cpu().MoveToOuterDisposeScope());   // (B, L)
            }
            if (parts.Count == 0) return zeros(0, Bits);
            var codes = cat(parts, 0);                                       // (N, L)
            foreach (var part in parts) part.Dispose();
            return codes;
        }
        finally { train(wasTraining); }
    }
}
