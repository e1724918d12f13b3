using System.Net;
using System.Net.Sockets;
using Mizugiwa.Content;
using Mizugiwa.Content.Attachments;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Content.Urls;
using Mizugiwa.Policy.Dns;

/// <summary>
/// The content level without Bayes and without DNS (the corpus is from 2002: SPF, DKIM, DMARC and
/// URIBL answers of today say nothing about it): header heuristics, MIME structure, the default rules,
/// URLs and attachments, scored as the server scores them. The Date checks are left out (weight 0):
/// every corpus message is decades old.
/// </summary>
internal static class StaticScorer
{
    private static readonly ContentScanner Scanner = new(
        [
            .. HeaderAnalyzers.Create(TimeProvider.System, received: new ReceivedOptions(OwnHeaders: 0)),
            new RuleAnalyzer(RuleSet.LoadDefault(), ExtractedUrlSource.Instance),
            new UrlAnalyzer(new UrlAnalyzerOptions(), new NoDns()),
            new AttachmentAnalyzer(new AttachmentPolicy(new AttachmentPolicyOptions())),
            new SenderConsistencyAnalyzer(),
        ],
        new ScoringOptions { Weights = new Dictionary<string, double> { ["DATE_IN_PAST"] = 0, ["DATE_IN_FUTURE"] = 0 } });

    public static (double Score, string[] Symbols, double[] Scores) Score(ContentMessage message)
    {
        var verdict = Scanner.ScanAsync(message, CancellationToken.None).GetAwaiter().GetResult();
        return (verdict.Score, [.. verdict.Symbols.Select(s => s.Name)], [.. verdict.Symbols.Select(s => s.Score)]);
    }

    private sealed class NoDns : IDnsResolver
    {
        public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken) => Task.FromResult(DnsResult.NotFound<IReadOnlyList<string>>());
        public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken) => Task.FromResult(DnsResult.NotFound<IReadOnlyList<IPAddress>>());
        public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken) => Task.FromResult(DnsResult.NotFound<IReadOnlyList<string>>());
        public Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken) => Task.FromResult(DnsResult.NotFound<IReadOnlyList<MxHost>>());
    }
}
