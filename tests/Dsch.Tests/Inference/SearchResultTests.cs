using System.Text;
using System.Text.Json;
using Dsch.Inference;
using Dsch.Retrieval;

namespace Dsch.Tests.Inference;

public class SearchResultTests
{
    // Ids that the JSON encoder must escape (non-ASCII, '+', a quote), a missing ids file below.
    static readonly string[] Ids = ["a/ü.png", "b+c.png", "q\"uote.png"];

    static SearchResult Result(IReadOnlyList<string>? ids) => new(3, 16, 2,
        [new SearchQuery("row 0", [new Neighbour(1, 2, 0), new Neighbour(2, 0, 5)]), new SearchQuery("/x/é.png", [new Neighbour(1, 1, 3)])], ids);

    // The contract as the serialiser wrote it before the one neighbour record: hits carry their id.
    static string Contract(IReadOnlyList<string>? ids) => JsonSerializer.Serialize(new
    {
        database_rows = 3, bits = 16, top = 2,
        queries = new object[]
        {
            new { query = "row 0", hits = new[] { new { rank = 1, row = 2, id = ids?[2], distance = 0 }, new { rank = 2, row = 0, id = ids?[0], distance = 5 } } },
            new { query = "/x/é.png", hits = new[] { new { rank = 1, row = 1, id = ids?[1], distance = 3 } } },
        },
    });

    [Fact]
    public void ToJson_AndWriteJson_KeepTheSearchContract_ByteForByte()
    {
        foreach (var ids in new[] { Ids, null })
        {
            var result = Result(ids);
            Assert.Equal(Contract(ids), result.ToJson());
            using var stream = new MemoryStream();
            result.WriteJson(stream);
            Assert.Equal(Contract(ids) + "\n", Encoding.UTF8.GetString(stream.ToArray()));
            Assert.Equal(ids?[2], result.IdOf(result.Queries[0].Hits[0]));
        }
    }
}
