using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Attachments;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Tests.Dmarc;
using Mizugiwa.Content.Tests.Headers;
using Mizugiwa.Content.Urls;

namespace Mizugiwa.Content.Tests.Scoring;

/// <summary>
/// The configuration refuses weights for symbols no analyzer declares, so an analyzer that adds a
/// symbol it does not declare could never be weighed. Every analyzer that needs no DNS is run on
/// corpus messages and on messages made to fire its rarer symbols.
/// </summary>
public sealed class AnalyzerSymbolsTests
{
    private static readonly DateTimeOffset Now = TestMail.Now;

    private static IReadOnlyList<IContentAnalyzer> Analyzers() =>
    [
        .. HeaderAnalyzers.Create(new FakeTimeProvider(Now)),
        new UrlAnalyzer(new UrlAnalyzerOptions(), new InMemoryDnsResolver()),
        new AttachmentAnalyzer(new AttachmentPolicy(new AttachmentPolicyOptions { Action = AttachmentAction.Strip })),
        new RuleAnalyzer(RuleSet.LoadDefault()),
        new GtubeAnalyzer(),
        new SenderConsistencyAnalyzer(LastLabelsRegistrableDomain.Instance),
        new OneClickUnsubscribeAnalyzer(LastLabelsRegistrableDomain.Instance),
    ];

    private static IEnumerable<byte[]> Messages()
    {
        foreach (var folder in new[] { "spam", "spam_2", "easy_ham", "hard_ham" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CorpusHitRates.Root, folder)).Order(StringComparer.Ordinal).Take(150))
                yield return File.ReadAllBytes(file);
        yield return Encoding.ASCII.GetBytes($"Subject: FREE MONEY NOW!!!\r\n\r\n{GtubeAnalyzer.TestString}\r\n");
        yield return Encoding.ASCII.GetBytes("no header here, just text\r\n");
        yield return new TestMail().WithBody("multipart/mixed; boundary=b",
            "--b\r\nContent-Type: text/plain\r\n\r\nsee http://user@192.0.2.7/x\r\n" +
            "--b\r\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n").Octets();
    }

    [Fact]
    public async Task Every_symbol_an_analyzer_adds_is_one_it_declares()
    {
        var undeclared = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var analyzers = Analyzers();
        foreach (var raw in Messages())
        {
            var message = ContentMessageReader.Read(raw, new ContentEnvelope(null, null, null, "", []));
            foreach (var analyzer in analyzers)
            {
                var report = new ContentReport();
                await analyzer.AnalyzeAsync(message, report, CancellationToken.None);
                foreach (var symbol in report.Symbols)
                {
                    seen.Add(symbol.Name);
                    if (!analyzer.Symbols.Contains(symbol.Name)) undeclared.Add($"{analyzer.Name}: {symbol.Name}");
                }
            }
        }
        Assert.Empty(undeclared);
        Assert.True(seen.Count >= 25, $"the messages fired only {seen.Count} symbols: {string.Join(", ", seen)}");
    }

    [Fact]
    public void Analyzer_names_and_their_symbols_are_distinct()
    {
        var analyzers = Analyzers();
        Assert.Equal(analyzers.Count, analyzers.Select(a => a.Name).Distinct().Count());
        var owners = analyzers.SelectMany(a => a.Symbols.Select(s => (Symbol: s, a.Name))).GroupBy(p => p.Symbol).Where(g => g.Count() > 1);
        Assert.Empty(owners.Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Name))}"));
        Assert.All(analyzers, a => Assert.NotEmpty(a.Symbols));
    }
}
