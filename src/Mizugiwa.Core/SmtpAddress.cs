using System.Text;

namespace Mizugiwa.Core;

/// <summary>
/// An RFC 5321 mailbox (<c>Local-part "@" ( Domain / address-literal )</c>).
/// The local part is kept as given (unquoted form); the domain is lower-cased.
/// </summary>
public sealed record SmtpAddress(string LocalPart, string Domain)
{
    public const int MaxLocalPartLength = 128;

    public bool IsAddressLiteral => Domain.StartsWith('[');

    public override string ToString() => $"{FormatLocalPart(LocalPart)}@{Domain}";

    /// <summary>Parses a mailbox without angle brackets. Returns null and an error text on bad syntax.</summary>
    public static SmtpAddress? TryParse(string text, bool allowUtf8, out string? error)
    {
        error = null;
        if (text.Length == 0) { error = "empty address"; return null; }
        if (text.Length > 254) { error = "address too long"; return null; }
        int at;
        string local;
        if (text[0] == '"')
        {
            var sb = new StringBuilder();
            int i = 1;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\')
                {
                    if (++i >= text.Length) { error = "bad quoted local part"; return null; }
                    sb.Append(text[i]);
                }
                else if (c == '"') break;
                else if (c < 32 || c == 127 || (c > 127 && !allowUtf8)) { error = "bad character in local part"; return null; }
                else sb.Append(c);
            }
            if (i >= text.Length) { error = "unterminated quoted local part"; return null; }
            at = i + 1;
            if (at >= text.Length || text[at] != '@') { error = "missing domain"; return null; }
            local = sb.ToString();
        }
        else
        {
            at = text.LastIndexOf('@');
            if (at <= 0) { error = at == 0 ? "empty local part" : "missing domain"; return null; }
            local = text[..at];
            if (!IsDotString(local, allowUtf8)) { error = "bad local part"; return null; }
        }
        // RFC 5321 §4.5.3.1.1 says 64 octets, but real bounce addresses (VERP, SRS) are often longer and
        // Postfix accepts them; we are liberal up to twice that.
        if (local.Length > MaxLocalPartLength) { error = "local part too long"; return null; }
        var domain = text[(at + 1)..];
        if (!IsDomainOrLiteral(domain, allowUtf8)) { error = "bad domain"; return null; }
        return new SmtpAddress(local, domain.ToLowerInvariant());
    }

    public static bool IsDotString(string s, bool allowUtf8)
    {
        if (s.Length == 0 || s[0] == '.' || s[^1] == '.' || s.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in s)
        {
            if (c == '.' || IsAtext(c)) continue;
            if (c > 127 && allowUtf8) continue;
            return false;
        }
        return true;
    }

    private static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    /// <summary>RFC 5321 Domain (no trailing dot) or an address literal such as [192.0.2.1] or [IPv6:...].</summary>
    public static bool IsDomainOrLiteral(string d, bool allowUtf8)
    {
        if (d.Length == 0 || d.Length > 253) return false;
        if (d[0] == '[')
        {
            if (d[^1] != ']') return false;
            var inner = d[1..^1];
            if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
                return System.Net.IPAddress.TryParse(inner[5..], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            return System.Net.IPAddress.TryParse(inner, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                && inner.Count(ch => ch == '.') == 3;
        }
        foreach (var label in d.Split('.'))
        {
            if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || (c > 127 && allowUtf8))) return false;
        }
        return true;
    }

    private static string FormatLocalPart(string local)
    {
        if (IsDotString(local, allowUtf8: true)) return local;
        var sb = new StringBuilder("\"");
        foreach (var c in local)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
