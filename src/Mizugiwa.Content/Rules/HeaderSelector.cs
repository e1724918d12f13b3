using System.Text;
using MimeKit;

namespace Mizugiwa.Content.Rules;

/// <summary>Which part of an address field a header rule reads.</summary>
public enum HeaderPart
{
    /// <summary>The whole decoded value.</summary>
    Value,
    /// <summary>Each mailbox's address ("From:addr").</summary>
    Address,
    /// <summary>Each mailbox's display name ("From:name").</summary>
    DisplayName,
}

/// <summary>
/// The header values a rule matches: one field's decoded values ("Subject"), the addresses or
/// display names of an address field ("From:addr", "From:name"), or every field as "Name: value"
/// lines (<see cref="All"/>). A field that is absent reads as one empty value, so "!~" rules fire on it.
/// </summary>
public sealed record HeaderSelector(string? FieldName, HeaderPart Part)
{
    public static readonly HeaderSelector All = new(null, HeaderPart.Value);

    public IReadOnlyList<string> Values(MimeMessage message)
    {
        if (FieldName is null)
            return [string.Join("\n", message.Headers.Select(h => $"{h.Field}: {Decode(h)}"))];
        var fields = message.Headers.Where(h => h.Field.Equals(FieldName, StringComparison.OrdinalIgnoreCase)).ToList();
        var values = Part switch
        {
            HeaderPart.Value => fields.Select(Decode).ToList(),
            _ => fields.SelectMany(Mailboxes).Select(m => Part == HeaderPart.Address ? m.Address : m.Name ?? "").ToList(),
        };
        return values.Count == 0 ? [""] : values;
    }

    public override string ToString() => FieldName is null ? "ALL" : Part switch
    {
        HeaderPart.Address => $"{FieldName}:addr",
        HeaderPart.DisplayName => $"{FieldName}:name",
        _ => FieldName,
    };

    private static IEnumerable<MailboxAddress> Mailboxes(Header header) =>
        InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list) ? list.Mailboxes : [];

    /// <summary>
    /// The unfolded value with encoded-words decoded. Old Japanese mailers put raw ISO-2022-JP in
    /// headers without encoded-words; its escape sequences are 7-bit, so MimeKit leaves them as they are.
    /// </summary>
    private static string Decode(Header header)
    {
        var value = header.Value ?? "";
        if (value.Contains("\u001b$B", StringComparison.Ordinal) || value.Contains("\u001b$@", StringComparison.Ordinal))
            value = JapaneseEncodings.Iso2022Jp.GetString(Encoding.Latin1.GetBytes(value));
        return value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
    }
}
