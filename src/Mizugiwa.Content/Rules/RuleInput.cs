using System.Text;

namespace Mizugiwa.Content.Rules;

/// <summary>The texts rules read from one message, each built once on first use.</summary>
public sealed class RuleInput(ContentMessage message, IUrlSource urls)
{
    /// <summary>Raw bodies beyond this are cut: a rule has no business scanning megabytes of attachment.</summary>
    public const int MaxRawBodyChars = 1024 * 1024;

    private string? _body;
    private string? _rawBody;
    private IReadOnlyList<string>? _urls;
    private readonly Dictionary<HeaderSelector, IReadOnlyList<string>> _headers = [];

    public ContentMessage Message => message;

    public string Body => _body ??= string.Join("\n", message.Parts.Texts.Select(t => t.Text));

    public string RawBody => _rawBody ??= ReadRawBody(message.Raw.Span);

    public IReadOnlyList<string> Urls => _urls ??= [.. urls.Urls(message)];

    /// <summary>The values a selector reads; many rules read the same field, so each is read once.</summary>
    public IReadOnlyList<string> Header(HeaderSelector selector)
    {
        if (!_headers.TryGetValue(selector, out var values)) _headers[selector] = values = selector.Values(message.Mime);
        return values;
    }

    private static string ReadRawBody(ReadOnlySpan<byte> raw)
    {
        var crlf = raw.IndexOf("\r\n\r\n"u8);
        var lf = raw.IndexOf("\n\n"u8);
        var start = (crlf, lf) switch
        {
            ( < 0, < 0) => raw.Length,
            ( >= 0, >= 0) => Math.Min(crlf + 4, lf + 2),
            ( >= 0, _) => crlf + 4,
            _ => lf + 2,
        };
        var body = raw[start..];
        return Encoding.Latin1.GetString(body[..Math.Min(body.Length, MaxRawBodyChars)]);
    }
}
