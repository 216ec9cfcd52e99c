namespace Dsch.Data;

/// <summary>
/// The training-view augmentation of docs/method.md ("Augmentations"), in torchvision's order: random resized crop → horizontal flip →
/// colour jitter (applied with <paramref name="JitterProbability"/>, the four adjustments in random order) →
/// random grayscale → 3×3 Gaussian blur. Defaults are the recipe common to contrastive hashing (CIBHash).
/// </summary>
/// <param name="CropScaleMin">Smallest crop area as a fraction of the image (0.5).</param>
/// <param name="CropScaleMax">Largest crop area fraction (1.0).</param>
/// <param name="CropRatioMin">Smallest crop aspect ratio w/h (3/4, torchvision's default).</param>
/// <param name="CropRatioMax">Largest crop aspect ratio (4/3).</param>
/// <param name="FlipProbability">Probability of a horizontal flip (0.5).</param>
/// <param name="Brightness">Brightness factor drawn from [1−b, 1+b] (0.4).</param>
/// <param name="Contrast">Contrast factor drawn from [1−c, 1+c] (0.4).</param>
/// <param name="Saturation">Saturation factor drawn from [1−s, 1+s] (0.4).</param>
/// <param name="Hue">Hue shift drawn from [−h, h] turns (0.1).</param>
/// <param name="JitterProbability">Probability of applying the colour jitter (0.7).</param>
/// <param name="GrayscaleProbability">Probability of converting to grey (ITU-R 601 luma, replicated) (0.2).</param>
/// <param name="BlurProbability">Probability of the 3×3 Gaussian blur (0.5).</param>
/// <param name="BlurSigmaMin">Smallest blur σ in pixels (0.1).</param>
/// <param name="BlurSigmaMax">Largest blur σ (2.0).</param>
/// <remarks>
/// Provenance: docs/method.md [decision] following CIBHash (Qiu et al. 2021): <c>RandomResizedCrop(scale=(0.5, 1.0))</c>,
/// <c>RandomHorizontalFlip()</c>, <c>RandomApply([ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.7)</c>, <c>RandomGrayscale(p=0.2)</c>,
/// <c>GaussianBlur(3)</c>. The blur's p = 0.5 and σ ∈ [0.1, 2] follow the SimCLR-style blur helper such code bases use
/// [decision, not verifiable from the paper]. Jitter semantics are torchvision's: brightness scales, contrast blends
/// with the mean grey level, saturation blends with the pixel's grey, hue rotates in HSV.
/// </remarks>
public sealed record AugmentationOptions(
    double CropScaleMin = 0.5, double CropScaleMax = 1.0, double CropRatioMin = 3.0 / 4.0, double CropRatioMax = 4.0 / 3.0,
    double FlipProbability = 0.5,
    double Brightness = 0.4, double Contrast = 0.4, double Saturation = 0.4, double Hue = 0.1, double JitterProbability = 0.7,
    double GrayscaleProbability = 0.2,
    double BlurProbability = 0.5, double BlurSigmaMin = 0.1, double BlurSigmaMax = 2.0)
{
    /// <summary>The docs/method.md recipe with all defaults.</summary>
    public static AugmentationOptions Paper { get; } = new();

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first out-of-range option; returns this.</summary>
    public AugmentationOptions Validate()
    {
        Require(CropScaleMin > 0 && CropScaleMin <= CropScaleMax && CropScaleMax <= 1, "crop scale must satisfy 0 < min ≤ max ≤ 1");
        Require(CropRatioMin > 0 && CropRatioMin <= CropRatioMax, "crop ratio must satisfy 0 < min ≤ max");
        foreach (var (p, name) in new[] { (FlipProbability, "flip"), (JitterProbability, "jitter"), (GrayscaleProbability, "grayscale"), (BlurProbability, "blur") })
            Require(p is >= 0 and <= 1, $"{name} probability {p} outside [0, 1]");
        Require(Brightness is >= 0 and <= 1 && Contrast is >= 0 and <= 1 && Saturation is >= 0 and <= 1, "brightness/contrast/saturation must be in [0, 1]");
        Require(Hue is >= 0 and <= 0.5, "hue must be in [0, 0.5]");
        Require(BlurSigmaMin > 0 && BlurSigmaMin <= BlurSigmaMax, "blur σ must satisfy 0 < min ≤ max");
        return this;
    }

    static void Require(bool condition, string problem)
    {
        if (!condition) throw new InvalidInputException($"augmentation options: {problem}");
    }
}
