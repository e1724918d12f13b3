using System.Text.RegularExpressions;
using Mizugiwa.Content.Dmarc;

namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>
/// Every checkPublicSuffix(domain, registrable) vector of the PSL project's tests/test_psl.txt against its
/// list (../shared/conformance/dmarc-psl): the registrable domain is DMARC's Organizational Domain.
/// </summary>
public sealed partial class PublicSuffixListConformanceTests
{
    private const int PublishedVectorCount = 78;
    private static readonly Lazy<PublicSuffixList> List = new(() => PublicSuffixList.Load(SharedPslFiles.List));

    public static TheoryData<string?, string?> Vectors()
    {
        var data = new TheoryData<string?, string?>();
        foreach (var (domain, expected) in ReadVectors()) data.Add(domain, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Registrable_domain_matches_the_vector(string? domain, string? expected) =>
        Assert.Equal(expected, List.Value.GetRegistrableDomain(domain));

    [Fact]
    public void Every_published_vector_is_read() => Assert.Equal(PublishedVectorCount, ReadVectors().Count);

    private static List<(string? Domain, string? Expected)> ReadVectors()
    {
        var vectors = new List<(string?, string?)>();
        foreach (var line in File.ReadLines(SharedPslFiles.Vectors))
        {
            if (line.TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
            var match = VectorLine().Match(line);
            if (match.Success) vectors.Add((Argument(match.Groups[1].Value), Argument(match.Groups[2].Value)));
        }
        return vectors;
    }

    private static string? Argument(string text) => text == "null" ? null : text[1..^1];

    [GeneratedRegex(@"checkPublicSuffix\((null|'[^']*'),\s*(null|'[^']*')\);")]
    private static partial Regex VectorLine();
}
