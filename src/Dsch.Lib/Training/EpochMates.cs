using Dsch.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace Dsch.Training;

/// <summary>
/// One epoch's view of its E-step for the mate-meeting readings (<see cref="MateOptions"/>) and the batch
/// diagnostics: hard fine and coarse assignments, the posteriors S is built from, and the memory of last epoch's
/// codes. Its tensors live in the epoch's dispose scope.
/// </summary>
sealed class EpochMates
{
    readonly MateOptions _options;
    readonly Tensor? _q1, _q2;                           // (N, m1), (N, m2): posteriors for S, null when S = P1·P1ᵀ
    readonly Tensor? _memory;                             // (N, L) unit codes at the epoch's start, null without memory
    readonly long[][] _fineMembers;
    readonly Random _mateChoice;

    /// <summary>Most probable fine component of each training image (<see cref="ComponentStructure.FineAssignment"/>).</summary>
    public long[] FineOf { get; }

    /// <summary>Coarse component of each training image (that of its fine component).</summary>
    public long[] CoarseOf { get; }

    public EpochMates(ComponentStructure components, Tensor codes, MateOptions options, bool normalizedPosteriors, int seed)
    {
        _options = options;
        FineOf = components.FineAssignment;
        CoarseOf = components.CoarseAssignment;
        var members = Enumerable.Range(0, components.Fine).Select(_ => new List<long>()).ToArray();
        for (int i = 0; i < FineOf.Length; i++) members[FineOf[i]].Add(i);
        _fineMembers = [.. members.Select(m => m.ToArray())];
        _mateChoice = new Random(seed);
        if (options.ReshapesCooccurrence || options.MateMemory)
        {
            _q1 = options.STemperature == 1 ? components.P1 : Softened(components.P1, options.STemperature, normalizedPosteriors);
            _q2 = options.SCoarse > 0 ? _q1.matmul(components.CoarseMap) : null;
        }
        if (options.MateMemory) _memory = nn.functional.normalize(codes.to(ScalarType.Float32), p: 2, dim: 1);
    }

    /// <summary>
    /// <c>Q1 = softmax(log P1 / T)</c> row by row, normalised as P1 is. [decision] log P1 is floored at 1e-300
    /// (float64 underflow); since softmax ignores a row's constant, the E-step's L2 normalisation of P1 does not matter.
    /// </summary>
    internal static Tensor Softened(Tensor p1, double temperature, bool normalized)
    {
        using var floor = 1e-300.ToScalar();
        using var t = temperature.ToScalar();
        var q = p1.clamp_min(floor).log().div(t).softmax(1);                         // (N, m1), rows sum to 1
        return normalized ? nn.functional.normalize(q, p: 2, dim: 1) : q;
    }

    /// <summary>
    /// The batch's components with S replaced as the readings ask, and the memory codes (M, L) of one random
    /// fine mate per batch image (images alone in their component bring none); unchanged and null otherwise.
    /// </summary>
    public (BatchComponents Batch, Tensor? Memory) ForBatch(BatchComponents batch, long[] images, Tensor rows)
    {
        if (_q1 is null) return (batch, null);
        var columns = rows;
        Tensor? memory = null;
        if (_memory is not null)
        {
            var mates = new List<long>();
            foreach (var image in images)
            {
                var members = _fineMembers[FineOf[image]];
                if (members.Length < 2) continue;
                long mate;
                do mate = members[_mateChoice.Next(members.Length)]; while (mate == image);
                mates.Add(mate);
            }
            var mateRows = tensor(mates.ToArray(), device: rows.device);           // (M)
            columns = cat([rows, mateRows], 0);                                      // (2B + M)
            memory = _memory.index_select(0, mateRows.to(_memory.device));           // (M, L)
        }
        return (batch with { Cooccurrence = Block(rows, columns) }, memory);
    }

    /// <summary><c>S = (1 − α) Q1_r·Q1_cᵀ + α Q2_r·Q2_cᵀ</c> for rows r and columns c, float32.</summary>
    Tensor Block(Tensor rows, Tensor columns)
    {
        var r = rows.to(_q1!.device);
        var c = columns.to(_q1.device);
        var fine = ComponentStructure.Cooccurrence(_q1.index_select(0, r).to(ScalarType.Float32), _q1.index_select(0, c).to(ScalarType.Float32));   // (2B, 2B + M)
        if (_q2 is null) return fine;                                                  // (2B, 2B + M)
        var coarse = ComponentStructure.Cooccurrence(_q2.index_select(0, r).to(ScalarType.Float32), _q2.index_select(0, c).to(ScalarType.Float32));
        using var a = _options.SCoarse.ToScalar();
        using var keep = (1 - _options.SCoarse).ToScalar();
        return fine.mul(keep).add(coarse, a);
    }

    /// <summary>Mean number of other batch images sharing each image's component, (fine, coarse).</summary>
    public (double Fine, double Coarse) PartnersPerRow(long[] images) =>
        (Partners(images, FineOf), Partners(images, CoarseOf));

    static double Partners(long[] images, long[] componentOf)
    {
        long pairs = 0;
        for (int a = 0; a < images.Length; a++)
            for (int b = a + 1; b < images.Length; b++)
                if (componentOf[images[a]] == componentOf[images[b]]) pairs++;
        return 2.0 * pairs / images.Length;
    }
}
