using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// The Message-ID field (RFC 5322 3.6.4): msg-id = "&lt;" id-left "@" id-right "&gt;". Real MUAs and
/// MTAs put their host name on the right; ratware leaves the field out, breaks its syntax, or puts
/// a word no host name can be. An IP literal on the right (Eudora did that) and unqualified LAN names
/// (Outlook on a workstation called JMHALL) are common in real mail and not flagged: see docs/RULES.md.
/// </summary>
public sealed partial class MessageIdAnalyzer : IContentAnalyzer
{
    public const string Missing = "MSGID_MISSING";
    public const string Malformed = "MSGID_MALFORMED";
    public const string NotAHost = "MSGID_NOT_A_HOST";

    public string Name => "message-id";

    public IReadOnlyCollection<string> Symbols => [Missing, Malformed, NotAHost];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var header = HeaderValues.All(message.Mime, HeaderId.MessageId).FirstOrDefault();
        if (header is null)
        {
            report.Add(Missing, 1.0);
            return ValueTask.CompletedTask;
        }
        var raw = HeaderValues.Raw(header);
        var match = MsgId().Match(raw);
        if (!match.Success)
        {
            report.Add(Malformed, 1.5, raw.Length > 60 ? raw[..60] : raw);
            return ValueTask.CompletedTask;
        }
        var right = match.Groups["right"].Value;
        if (!HostNames.IsIpLiteral(right) && !HostNames.CouldBeHost(right)) report.Add(NotAHost, 1.0, right);
        return ValueTask.CompletedTask;
    }

    // Lenient on id-left (obsolete forms, quoted strings) but exactly one '@' and the angle brackets.
    [GeneratedRegex(@"^<(?<left>[^<>@\s]+|""[^""]*"")@(?<right>\[[^\[\]\s]*\]|[^<>@\s\[\]]+)>(\s*\(.*\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex MsgId();
}
