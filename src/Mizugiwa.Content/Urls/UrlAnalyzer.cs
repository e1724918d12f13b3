using System.Net;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Urls;

/// <summary>
/// The URLs of a message: userinfo tricks, IP hosts (obfuscated ones scored higher), HTML links whose
/// text names another domain than their target, hosts on URI blocklists or the local list, and
/// messages naming very many hosts. See docs/URLS.md.
/// </summary>
public sealed class UrlAnalyzer(UrlAnalyzerOptions options, IDnsResolver dns, IRegistrableDomain? registrableDomain = null) : IContentAnalyzer
{
    private readonly IRegistrableDomain _domains = registrableDomain ?? LastLabelsRegistrableDomain.Instance;

    public const string UserInfo = "URI_USERINFO";
    public const string IpHost = "URI_IP_HOST";
    public const string LinkTextMismatch = "URI_LINK_TEXT_MISMATCH";
    public const string LocalList = "URI_LOCAL_LIST";
    public const string Many = "URI_MANY";

    public string Name => "url";

    public IReadOnlyCollection<string> Symbols => [UserInfo, IpHost, LinkTextMismatch, LocalList, Many, .. options.UriblZones.Select(z => z.Symbol)];

    public ContentStage Stage => ContentStage.Analysis;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var urls = UrlExtractor.Extract(message);
        if (urls.Count == 0) return;
        AddUserInfo(urls, report);
        AddIpHosts(urls, report);
        AddLinkTextMismatch(urls, report);
        var hosts = DistinctHosts(urls);
        AddLocalList(hosts, report);
        if (hosts.Count > options.ManyHostsThreshold)
            report.Add(Many, options.ManyHostsScore, $"{hosts.Count} hosts");
        await AddUriblAsync(hosts, report, cancellationToken);
    }

    private void AddUserInfo(IReadOnlyList<UrlFinding> urls, ContentReport report)
    {
        var tricked = urls.FirstOrDefault(u => u.UserInfo is not null && u.Normalised.Scheme is "http" or "https");
        if (tricked is not null) report.Add(UserInfo, options.UserInfoScore, $"{tricked.UserInfo}@{tricked.Host}");
    }

    private void AddIpHosts(IReadOnlyList<UrlFinding> urls, ContentReport report)
    {
        var ipUrls = urls.Where(u => u.IpHost is not null).ToList();
        if (ipUrls.Count == 0) return;
        var obfuscated = ipUrls.FirstOrDefault(u => u.IpObfuscated);
        if (obfuscated is not null) report.Add(IpHost, options.ObfuscatedIpHostScore, $"obfuscated {obfuscated.Host}");
        else report.Add(IpHost, options.IpHostScore, ipUrls[0].Host);
    }

    private void AddLinkTextMismatch(IReadOnlyList<UrlFinding> urls, ContentReport report)
    {
        foreach (var url in urls)
        {
            var textHost = LinkTextHost.Find(url.LinkText);
            if (textHost is null) continue;
            if (string.Equals(Registered(textHost), Registered(url.Host), StringComparison.Ordinal)) continue;
            report.Add(LinkTextMismatch, options.LinkTextMismatchScore, $"text {textHost} links to {url.Host}");
            return;
        }
    }

    private void AddLocalList(IReadOnlyList<(string Host, IPAddress? Ip)> hosts, ContentReport report)
    {
        if (options.LocalList is null) return;
        foreach (var (host, _) in hosts)
        {
            if (options.LocalList.Match(host) is not { } listed) continue;
            report.Add(LocalList, options.LocalListScore, host == listed ? host : $"{host} ({listed})");
            return;
        }
    }

    private async Task AddUriblAsync(IReadOnlyList<(string Host, IPAddress? Ip)> hosts, ContentReport report, CancellationToken cancellationToken)
    {
        if (options.UriblZones.Count == 0) return;
        var names = NamesToAsk(hosts);
        foreach (var zone in options.UriblZones)
        {
            var answers = await Task.WhenAll(names.Select(n => UriblLookup.AskAsync(dns, zone, n.Name, n.Ip, cancellationToken)));
            var listed = answers.OfType<UriblLookup.Listing>().ToList();
            // A host below a listed registered domain says nothing more.
            listed.RemoveAll(l => listed.Any(other => l.Name.EndsWith("." + other.Name, StringComparison.Ordinal)));
            if (listed.Count == 0) continue;
            var detail = string.Join(", ", listed.Select(l => $"{l.Name} ({string.Join('/', l.Meanings)})"));
            report.Add(zone.Symbol, zone.Score, detail);
        }
    }

    /// <summary>Each host's registered domain, then the host itself when it differs, distinct, in the order found, at most MaxDnsDomains.</summary>
    private List<(string Name, IPAddress? Ip)> NamesToAsk(IReadOnlyList<(string Host, IPAddress? Ip)> hosts)
    {
        var names = new List<(string Name, IPAddress? Ip)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (host, ip) in hosts)
        {
            if (ip is not null)
            {
                if (seen.Add(host)) names.Add((host, ip));
            }
            else
            {
                var registered = Registered(host);
                if (seen.Add(registered)) names.Add((registered, null));
                if (names.Count < options.MaxDnsDomains && seen.Add(host)) names.Add((host, null));
            }
            if (names.Count >= options.MaxDnsDomains) break;
        }
        return names.Count > options.MaxDnsDomains ? names[..options.MaxDnsDomains] : names;
    }

    private static List<(string Host, IPAddress? Ip)> DistinctHosts(IReadOnlyList<UrlFinding> urls) =>
        urls.DistinctBy(u => u.Host, StringComparer.Ordinal).Select(u => (u.Host, u.IpHost)).ToList();

    private string Registered(string host) =>
        IPAddress.TryParse(host, out _) ? host : _domains.Of(host);
}
