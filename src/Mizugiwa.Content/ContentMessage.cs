using MimeKit;

namespace Mizugiwa.Content;

/// <summary>
/// A message under analysis: parsed once, walked once (<see cref="Parts"/>), read by every analyzer.
/// <see cref="Raw"/> is the message as received (our own Received header included), for verifiers
/// that need the exact octets and for raw-body rules.
/// </summary>
public sealed class ContentMessage
{
    public required ContentEnvelope Envelope { get; init; }
    public required MimeMessage Mime { get; init; }
    public required ReadOnlyMemory<byte> Raw { get; init; }
    public required MessageParts Parts { get; init; }

    /// <summary>The octets did not start with a header field, so the whole message was read as a body without headers.</summary>
    public bool HeadersUnreadable { get; init; }

    /// <summary>The Bayes tokens, once computed (<see cref="Bayes.BayesTokenizer.Tokenize"/>): the global and the recipients' own dictionaries read the same.</summary>
    internal Bayes.BayesTokens? BayesTokens { get; set; }

    /// <summary>The URLs of the text parts, once extracted (<see cref="Urls.UrlExtractor.Extract(ContentMessage)"/>): the URL analyzer, the rules and the sender checks read the same.</summary>
    internal IReadOnlyList<Urls.UrlFinding>? Urls { get; set; }
}
