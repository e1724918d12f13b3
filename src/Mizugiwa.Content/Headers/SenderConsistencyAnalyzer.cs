using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using Mizugiwa.Content.Urls;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// Signs of bulk mail from a sender that stands behind it, as commercial newsletters people asked for
/// carry them and spam of throwaway or forged senders rarely does: the links go to the From address's
/// organisational domain, the Reply-To, Sender and envelope sender (or Return-Path) name that same
/// domain, the unsubscribe link or address is at it, and the text and HTML alternatives say the same
/// thing. No DNS. Anyone can write these into spam, and on the corpus none of them, given a negative
/// score with wider Bayes bands, held up on the held-out half (docs/ACCURACY.md, "Fourth pass"): its
/// scores are 0, and the server runs it only when Content:Weights gives one of its symbols a weight
/// (for an administrator whose own mail shows they help). The accuracy bench always scans with it so
/// that `--bands` can try scores for its symbols.
/// </summary>
public sealed partial class SenderConsistencyAnalyzer(IRegistrableDomain? registrableDomain = null) : IContentAnalyzer
{
    public const string LinksMostlyOwn = "SENDER_LINKS_MOSTLY_OWN";
    public const string LinksSomeOwn = "SENDER_LINKS_SOME_OWN";
    public const string AddressesAgree = "SENDER_ADDRESSES_AGREE";
    public const string UnsubscribeOwn = "SENDER_UNSUBSCRIBE_OWN";
    public const string TextHtmlAgree = "TEXT_HTML_AGREE";

    /// <summary>Default scores: 0, informational (see the summary); a weight given to the symbols overrides them like any symbol's.</summary>
    public static readonly IReadOnlyDictionary<string, double> DefaultScores = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [LinksMostlyOwn] = 0,
        [LinksSomeOwn] = 0,
        [AddressesAgree] = 0,
        [UnsubscribeOwn] = 0,
        [TextHtmlAgree] = 0,
    };

    /// <summary>Words each alternative must have before their agreement means anything.</summary>
    public const int MinAlternativeWords = 20;

    /// <summary>Share of the smaller alternative's words the other must also have.</summary>
    public const double MinAlternativeOverlap = 0.6;

    private const int UnsubscribeReach = 200;

    private readonly IRegistrableDomain _domains = registrableDomain ?? LastLabelsRegistrableDomain.Instance;

    public string Name => "sender-consistency";

    public IReadOnlyCollection<string> Symbols => [.. DefaultScores.Keys];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        if (TextAndHtmlAgree(message.Parts) is { } overlap)
            report.Add(TextHtmlAgree, DefaultScores[TextHtmlAgree], $"{overlap:P0} of the words shared");
        var fromDomain = FromDomain(message.Mime);
        if (fromDomain is null) return ValueTask.CompletedTask;
        var sender = new Sender(Registered(fromDomain));
        if (sender.Domain.Contains('.', StringComparison.Ordinal)) AddLinks(message, sender, report);
        AddAddresses(message, sender, report);
        return ValueTask.CompletedTask;
    }

    private void AddLinks(ContentMessage message, Sender sender, ContentReport report)
    {
        var urls = UrlExtractor.Extract(message).DistinctBy(u => u.Normalised.ToString(), StringComparer.Ordinal).ToList();
        var own = urls.Where(u => Belongs(u.Host, sender)).ToList();
        if (own.Count > 0) report.Add(LinksSomeOwn, DefaultScores[LinksSomeOwn], $"{own.Count} of {urls.Count} links at {sender.Domain}");
        if (urls.Count >= 2 && own.Count * 2 >= urls.Count)
            report.Add(LinksMostlyOwn, DefaultScores[LinksMostlyOwn], $"{own.Count} of {urls.Count} links at {sender.Domain}");
        var unsubscribe = own.FirstOrDefault(u => UnsubscribeWord().IsMatch(u.Original) || (u.LinkText is { } text && UnsubscribeWord().IsMatch(text)));
        var address = unsubscribe is null ? UnsubscribeAddress(message.Parts, sender) : null;
        if (unsubscribe is not null || address is not null)
            report.Add(UnsubscribeOwn, DefaultScores[UnsubscribeOwn], unsubscribe?.Normalised.ToString() ?? address!);
    }

    private void AddAddresses(ContentMessage message, Sender sender, ContentReport report)
    {
        var others = new List<string?>();
        others.AddRange(MailboxDomains(message.Mime, HeaderId.ReplyTo));
        others.AddRange(MailboxDomains(message.Mime, HeaderId.Sender));
        var envelope = message.Envelope.Sender.Length > 0 ? message.Envelope.Sender : ReturnPath(message.Mime);
        if (envelope is not null) others.Add(HeaderValues.Domain(envelope));
        if (others.Count == 0 || others.Any(d => d is null || Registered(d) != sender.Domain)) return;
        report.Add(AddressesAgree, DefaultScores[AddressesAgree], $"{others.Count} addresses at {sender.Domain}");
    }

    /// <summary>An address at the sender's domain written near an unsubscribe word ("to unsubscribe, write to leave@...").</summary>
    private string? UnsubscribeAddress(MessageParts parts, Sender sender)
    {
        foreach (var section in parts.Texts)
            foreach (Match word in UnsubscribeWord().Matches(section.Text))
            {
                var reach = section.Text.Substring(word.Index, Math.Min(UnsubscribeReach, section.Text.Length - word.Index));
                foreach (Match address in Address().Matches(reach))
                    if (HeaderValues.Domain(address.Value) is { } domain && Registered(domain) == sender.Domain) return address.Value;
            }
        return null;
    }

    /// <summary>The share of words the text and HTML alternatives have in common, when both have enough and it is high.</summary>
    internal static double? TextAndHtmlAgree(MessageParts parts)
    {
        var plain = parts.Texts.Where(t => t.Html is null).Select(t => Words(t.Text)).Where(w => w.Count >= MinAlternativeWords).ToList();
        var html = parts.Texts.Where(t => t.Html is not null).Select(t => Words(t.Text)).Where(w => w.Count >= MinAlternativeWords).ToList();
        double best = 0;
        foreach (var p in plain)
            foreach (var h in html)
                best = Math.Max(best, (double)p.Count(h.Contains) / Math.Min(p.Count, h.Count));
        return best >= MinAlternativeOverlap ? best : null;
    }

    private static HashSet<string> Words(string text) =>
        [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant())];

    /// <summary>A link host is the sender's when it is under the same registered domain or names the sender's organisation as a label (news.example.com for example.net, example.clicktracker.com).</summary>
    private bool Belongs(string host, Sender sender)
    {
        if (IPAddress.TryParse(host, out _)) return false;
        if (Registered(host) == sender.Domain) return true;
        if (sender.Organisation.Length < 4) return false;
        var labels = host.Split('.');
        return labels.AsSpan(0, labels.Length - 1).Contains(sender.Organisation);
    }

    private static string? FromDomain(MimeMessage mime)
    {
        var from = HeaderValues.All(mime, HeaderId.From).FirstOrDefault();
        return from is null ? null : (HeaderValues.Mailboxes(from) ?? []).Select(m => HeaderValues.Domain(m.Address)).FirstOrDefault(d => d is not null);
    }

    private static IEnumerable<string?> MailboxDomains(MimeMessage mime, HeaderId id)
    {
        foreach (var header in HeaderValues.All(mime, id))
        {
            var mailboxes = HeaderValues.Mailboxes(header);
            if (mailboxes is null || mailboxes.Count == 0) yield return null; // unreadable: not consistent
            else foreach (var mailbox in mailboxes) yield return HeaderValues.Domain(mailbox.Address);
        }
    }

    private static string? ReturnPath(MimeMessage mime)
    {
        var value = mime.Headers[HeaderId.ReturnPath]?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private string Registered(string domain) => _domains.Of(domain.TrimEnd('.').ToLowerInvariant());

    private sealed record Sender(string Domain)
    {
        /// <summary>The registered domain's first label: "example" of "example.co.uk".</summary>
        public string Organisation { get; } = Domain.Split('.')[0];
    }

    [GeneratedRegex(@"unsubscri|opt[-_ ]?out|remove|leave|abmelden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnsubscribeWord();

    [GeneratedRegex(@"[A-Za-z0-9._%+=#-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"\p{L}{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
