using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// The trace fields (RFC 5321 4.4): none at all from an unauthenticated client (a bot talking to
/// the MX directly), too many hops, and "from localhost" recorded for a client that was not on
/// loopback — forged trace meant to look like local submission.
/// </summary>
public sealed partial class ReceivedAnalyzer(ReceivedOptions? options = null) : IContentAnalyzer
{
    public const string None = "RECEIVED_NONE";
    public const string TooMany = "RECEIVED_TOO_MANY";
    public const string ForgedLocalhost = "RECEIVED_FORGED_LOCALHOST";

    private readonly ReceivedOptions _options = options ?? ReceivedOptions.Default;

    public string Name => "received";
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var received = HeaderValues.All(message.Mime, HeaderId.Received).Select(HeaderValues.Raw).ToList();
        var senders = received.Count - _options.OwnHeaders;
        if (senders <= 0 && message.Envelope.AuthenticatedUser is null) report.Add(None, 1.0);
        if (received.Count > _options.MaxHops) report.Add(TooMany, 1.5, $"{received.Count} Received fields");
        var forged = received.FirstOrDefault(IsForgedLocalhost);
        if (forged is not null) report.Add(ForgedLocalhost, 2.0, forged.Length > 80 ? forged[..80] : forged);
        else if (IsLocalhostName(message.Envelope.Helo) && message.Envelope.ClientAddress is { } client && !IPAddress.IsLoopback(client))
            report.Add(ForgedLocalhost, 2.0, $"HELO {message.Envelope.Helo} from {client}");
        return ValueTask.CompletedTask;
    }

    private static bool IsForgedLocalhost(string received)
    {
        var from = FromClause().Match(received);
        if (!from.Success || !IsLocalhostName(from.Groups["name"].Value)) return false;
        // The receiving server writes the address it saw in brackets inside the from clause's comment.
        var addresses = BracketedAddress().Matches(from.Groups["comment"].Value)
            .Select(m => IPAddress.TryParse(m.Groups["ip"].Value, out var ip) ? ip : null).OfType<IPAddress>().ToList();
        return addresses.Count > 0 && addresses.All(ip => !IPAddress.IsLoopback(ip));
    }

    private static bool IsLocalhostName(string? name) =>
        name is not null && (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                             || name.Equals("localhost.localdomain", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^\s*from\s+(?<name>[^\s(;]+)\s*(?<comment>(\([^)]*\)\s*)*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromClause();

    [GeneratedRegex(@"\[(IPv6:)?(?<ip>[0-9a-fA-F.:]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketedAddress();
}
