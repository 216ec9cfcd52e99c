using Dsch.Runtime;
using Dsch.Tests.TestSupport;
using Dsch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Tests.Training;

/// <summary>
/// The fused single-pass Adam update (<see cref="FusedAdamUpdate"/>) against the libtorch operations it replaces
/// (<see cref="TrainingOptimizer"/> with <c>ForceLibtorchOps</c>): parameters and both moments bit for bit over many
/// steps, both variants, on the shapes of the fine-tuned network (odd lengths leave scalar tails, one tensor spans
/// several work chunks) and on one and two threads.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Slow)]
public class FusedAdamUpdateTests
{
    /// <summary>Element counts: a scalar, odd tails, a bias of 1,000, the stem convolution, a chunk plus one, the largest ResNet-18 convolution.</summary>
    static readonly long[][] Shapes = [[1], [7], [17], [1000], [64, 3, 7, 7], [65537], [512, 512, 3, 3]];

    static (List<Tensor> Parameters, TrainingOptimizer Adam) Make(OptimizerOptions options, bool libtorch)
    {
        var generator = new Generator(7);
        var parameters = Shapes.Select(s => randn(s, generator: generator).requires_grad_(true)).ToList();
        return (parameters, new TrainingOptimizer(parameters, options) { ForceLibtorchOps = libtorch });
    }

    /// <summary>Gradients of step <paramref name="step"/>: seeded normals at scales from 1e-6 to 1e2, some exact zeros.</summary>
    static List<Tensor> Gradients(int step)
    {
        var generator = new Generator((ulong)(1000 + step));
        using Scalar scale = Math.Pow(10, step % 9 - 6);
        var gradients = new List<Tensor>(Shapes.Length);
        foreach (var shape in Shapes) gradients.Add(randn(shape, generator: generator).mul(scale).relu());
        return gradients;
    }

    static void SetGradients(List<Tensor> parameters, List<Tensor> gradients)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].grad?.zero_();
            using var loss = (parameters[i] * gradients[i]).sum();
            loss.backward();
        }
    }

    static byte[] Bytes(Tensor t) => t.detach().cpu().contiguous().bytes.ToArray();

    [Theory]
    [InlineData(OptimizerVariant.Standard, 1)]
    [InlineData(OptimizerVariant.Standard, 2)]
    [InlineData(OptimizerVariant.Tf1, 1)]
    [InlineData(OptimizerVariant.Tf1, 2)]
    public void FusedPass_IsBitIdenticalToLibtorchOps_OverManySteps(OptimizerVariant variant, int threads)
    {
        using var pinned = IntraOpThreads.Exactly(threads);
        using var scope = NewDisposeScope();
        var options = new OptimizerOptions(variant, Lr: 5e-4, Epsilon: variant == OptimizerVariant.Tf1 ? 1.0 : 1e-8, DecayRate: 0.9, DecaySteps: 7);
        var (fusedParameters, fused) = Make(options, libtorch: false);
        var (referenceParameters, reference) = Make(options, libtorch: true);
        using (fused)
        using (reference)
        {
            var initial = Bytes(fusedParameters[6]);
            for (int step = 0; step < 40; step++)
            {
                var gradients = Gradients(step);
                SetGradients(fusedParameters, gradients);
                SetGradients(referenceParameters, gradients);
                fused.Step();
                reference.Step();
            }
            for (int i = 0; i < Shapes.Length; i++)
                Assert.True(Bytes(fusedParameters[i]).AsSpan().SequenceEqual(Bytes(referenceParameters[i])), $"parameter {i} ({string.Join("x", Shapes[i])}) differs");
            var (_, m1, v1) = fused.SaveState();
            var (_, m2, v2) = reference.SaveState();
            for (int i = 0; i < Shapes.Length; i++)
            {
                Assert.True(Bytes(m1[i]).AsSpan().SequenceEqual(Bytes(m2[i])), $"first moment {i} differs");
                Assert.True(Bytes(v1[i]).AsSpan().SequenceEqual(Bytes(v2[i])), $"second moment {i} differs");
            }
            Assert.False(Bytes(fusedParameters[6]).AsSpan().SequenceEqual(initial), "the parameters did not move");
        }
    }
}
