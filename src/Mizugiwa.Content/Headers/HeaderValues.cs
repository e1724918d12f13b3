using System.Text;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>Small readings of header fields shared by the header analyzers.</summary>
internal static class HeaderValues
{
    public static IEnumerable<Header> All(MimeMessage message, HeaderId id) => message.Headers.Where(h => h.Id == id);

    /// <summary>The field's value as received (unfolded, encoded-words left as they are), trimmed.</summary>
    public static string Raw(Header header) => Unfold(Encoding.Latin1.GetString(header.RawValue)).Trim();

    public static string Unfold(string value) => value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);

    /// <summary>The mailboxes of an address field, or null when the field cannot be parsed.</summary>
    public static IReadOnlyList<MailboxAddress>? Mailboxes(Header header)
    {
        if (!InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list)) return null;
        return [.. list.Mailboxes];
    }

    /// <summary>The part after the last '@' of an address, lower-case, or null.</summary>
    public static string? Domain(string? address)
    {
        if (string.IsNullOrEmpty(address)) return null;
        var at = address.LastIndexOf('@');
        return at < 0 || at == address.Length - 1 ? null : address[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
    }
}
