using System.Text;
using System.Text.Json.Nodes;
using Dsch.Config;
using Dsch.IO;
using Dsch.Training;

namespace Dsch.Tests.Config;

/// <summary>
/// One spelling per switch: the grid item (<c>s-coarse=0.5</c>) is the kebab case of the option it changes
/// (<see cref="MateOptions.SCoarse"/>, written <c>sCoarse</c> in config.json); <see cref="TrainFlagsCliTests"/> checks
/// that the <c>dsch train</c> flag is the item's name.
/// </summary>
public class SwitchVocabularyTests
{
    /// <summary>The quick preset without its warm-up, so that every item below changes exactly what it names.</summary>
    static TrainingOptions Base => Presets.Quick().Training with { Bits = 16, Mates = new MateOptions() };

    /// <summary>A value of each key that differs from <see cref="Base"/>.</summary>
    static readonly Dictionary<string, string> Values = new()
    {
        ["lambda"] = "0.3", ["tau"] = "0.5", ["m1"] = "7", ["m2"] = "3", ["epochs"] = "4", ["mates"] = "5", ["s-coarse"] = "0.5",
        ["s-temperature"] = "2", ["warmup"] = "1", ["lr"] = "0.001", ["batch-size"] = "20", ["covariance"] = "full",
        ["batches"] = "fine", ["optimizer"] = "adam-tf1", ["mode"] = "finetune",
    };

    public static TheoryData<string> KeyNames => [.. TrainingSwitches.KeyNames];

    public static TheoryData<string> OnOffNames => [.. TrainingSwitches.OnOffNames];

    public static TheoryData<string> Shorthands => [.. TrainingSwitches.Shorthands.Keys];

    [Theory]
    [MemberData(nameof(KeyNames))]
    public void EveryKey_ChangesTheOptionOfTheSameName(string key)
    {
        var changed = ChangedOption(Base, $"{key}={Values[key]}");
        Assert.Equal(key, Kebab(changed));
    }

    [Theory]
    [MemberData(nameof(OnOffNames))]
    public void EveryOnOffSwitch_SetsTheBooleanOptionOfTheSameName(string item)
    {
        var option = item.StartsWith("no-", StringComparison.Ordinal) ? item[3..] : item;
        // Start from the other setting, so that the item changes something.
        var start = item switch
        {
            "normalize" => Base with { Components = Base.Components with { Normalize = false } },
            _ => Base,
        };
        var changed = ChangedOption(start, item);
        Assert.Equal(option, Kebab(changed));
    }

    [Theory]
    [MemberData(nameof(Shorthands))]
    public void EveryShorthand_IsItsKeyValueItem(string item)
    {
        var start = Base with { Optimizer = OptimizerOptions.Paper, Components = Base.Components with { Covariance = Dsch.Components.CovarianceType.Full } };
        foreach (var options in new[] { Base, start })
            Assert.Equal(JsonFiles.Serialize(TrainingSwitches.Parse(TrainingSwitches.Shorthands[item], "--grid")(options)),
                         JsonFiles.Serialize(TrainingSwitches.Parse(item, "--grid")(options)));
    }

    [Fact]
    public void TheKeyList_HasAValueInThisTest_AndNoKeyIsAnOnOffSwitch()
    {
        Assert.Equal(TrainingSwitches.KeyNames.Order(), Values.Keys.Order());
        Assert.Empty(TrainingSwitches.KeyNames.Intersect(TrainingSwitches.OnOffNames));
    }

    /// <summary>The name of the option <paramref name="item"/> changes: the deepest config.json key above every changed value.</summary>
    static string ChangedOption(TrainingOptions start, string item)
    {
        var before = JsonNode.Parse(JsonFiles.Serialize(start))!;
        var after = JsonNode.Parse(JsonFiles.Serialize(TrainingSwitches.Parse(item, "--grid")(start)))!;
        var paths = new List<string[]>();
        Differences(before, after, [], paths);
        Assert.NotEmpty(paths);
        var common = paths[0].TakeWhile((segment, i) => paths.All(p => p.Length > i && p[i] == segment)).ToArray();
        return common[^1];
    }

    static void Differences(JsonNode? a, JsonNode? b, string[] path, List<string[]> found)
    {
        if (a is JsonObject x && b is JsonObject y)
        {
            foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                Differences(x[key], y[key], [.. path, key], found);
        }
        else if (!JsonNode.DeepEquals(a, b)) found.Add(path);
    }

    static string Kebab(string camel)
    {
        var text = new StringBuilder();
        foreach (var c in camel)
        {
            if (char.IsUpper(c)) text.Append('-').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }
}
