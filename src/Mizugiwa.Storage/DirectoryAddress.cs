using System.Globalization;
using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>
/// An address as the directory stores it: <see cref="Text"/> as given (domain lower-cased)
/// and <see cref="Key"/>, the lower-cased form used for case-insensitive comparison.
/// </summary>
internal sealed record DirectoryAddress(string Text, string Key, string LocalPart, string Domain)
{
    public static DirectoryAddress From(SmtpAddress address)
    {
        var text = address.ToString();
        return new DirectoryAddress(text, text.ToLowerInvariant(), address.LocalPart, address.Domain);
    }

    /// <summary>Parses <paramref name="text"/> or throws a <see cref="DirectoryException"/> naming it.</summary>
    public static DirectoryAddress Parse(string text) =>
        TryParse(text) ?? throw new DirectoryException($"'{text}' is not a valid address");

    public static DirectoryAddress? TryParse(string text) =>
        SmtpAddress.TryParse(text, allowUtf8: true, out _) is { } address ? From(address) : null;

    /// <summary>Lower-cases a domain name, throwing a <see cref="DirectoryException"/> when it is not one.</summary>
    public static string ParseDomain(string domain)
    {
        if (domain.StartsWith('[') || !SmtpAddress.IsDomainOrLiteral(domain, allowUtf8: true) || !IsInternationalizedName(domain))
            throw new DirectoryException($"'{domain}' is not a valid domain name");
        return domain.ToLowerInvariant();
    }

    /// <summary>
    /// Non-ASCII characters must be letters, combining marks or digits, the only ones IDNA2008 can allow in a
    /// label (RFC 5892): a zero-width space or a symbol passes the SMTP character check, but no domain in the DNS
    /// can hold it (a slip of the paste, or a look-alike). (IdnMapping cannot check this: the build is globalization-invariant.)
    /// </summary>
    private static bool IsInternationalizedName(string domain) =>
        domain.EnumerateRunes().All(r => r.IsAscii || Rune.GetUnicodeCategory(r) is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber);
}
