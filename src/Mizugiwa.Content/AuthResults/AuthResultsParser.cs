using System.Text;
using MimeKit.Cryptography;

namespace Mizugiwa.Content.AuthResults;

/// <summary>
/// Parses incoming Authentication-Results values (RFC 8601 §2.2) with MimeKit's parser and maps them
/// to <see cref="AuthResultEntry"/>. A value the RFC grammar rejects is read by
/// <see cref="LenientAuthResultsParser"/> (result marked <see cref="ParsedAuthResults.Lenient"/>); what
/// neither reads gives null: an unreadable A-R header is untrusted, never guessed at.
/// </summary>
public static class AuthResultsParser
{
    public static ParsedAuthResults? Parse(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (!AuthenticationResults.TryParse(bytes, out var parsed) || string.IsNullOrEmpty(parsed.AuthenticationServiceIdentifier))
            return LenientAuthResultsParser.Parse(value);
        var results = parsed.Results.Select(r => new AuthResultEntry(
            r.Method,
            r.Result,
            r.Reason,
            [.. r.Properties.Select(p => new KeyValuePair<string, string>($"{p.PropertyType}.{p.Property}", p.Value))])).ToList();
        return new ParsedAuthResults(parsed.AuthenticationServiceIdentifier, parsed.Version, results);
    }
}
