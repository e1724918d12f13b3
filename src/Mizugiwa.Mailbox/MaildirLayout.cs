using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Mailbox;

/// <summary>
/// Where a local mailbox's Maildir lives under the mail root:
/// <c>alice@example.test</c> → <c>&lt;mailRoot&gt;/example.test/alice</c>, and the bare
/// <c>postmaster</c> → <c>&lt;mailRoot&gt;/postmaster</c>.
/// </summary>
/// <remarks>
/// The whole mailbox is lower-cased. The domain must be a valid domain name or address literal,
/// which keeps it file-name-safe. The local part is percent-encoded, reversibly: ASCII letters, digits
/// and <c>!#$&amp;'*+-=?^_`{|}~</c> stay as they are, and so does '.' except in first place; every other
/// character ('%', '/', NUL, a leading '.', non-ASCII …) becomes <c>%XX</c> for each of its UTF-8 bytes.
/// So no local part can name "." or "..", climb out of its domain, or collide with another one.
/// </remarks>
public static class MaildirLayout
{
    private const string Postmaster = "postmaster";
    private const string SafeSymbols = "!#$&'*+-=?^_`{|}~";

    /// <exception cref="ArgumentException">The mailbox is not <c>local@domain</c> or the bare <c>postmaster</c>.</exception>
    public static string PathFor(string mailRoot, string mailbox)
    {
        string lower = mailbox.ToLowerInvariant();
        int at = lower.LastIndexOf('@');
        if (at < 0)
        {
            if (lower != Postmaster) throw new ArgumentException($"not a mailbox: '{mailbox}'", nameof(mailbox));
            return Path.Combine(mailRoot, Postmaster);
        }
        string local = lower[..at];
        string domain = lower[(at + 1)..];
        if (local.Length == 0 || !SmtpAddress.IsDomainOrLiteral(domain, allowUtf8: true))
            throw new ArgumentException($"not a mailbox: '{mailbox}'", nameof(mailbox));
        return Path.Combine(mailRoot, domain, EncodeLocalPart(local));
    }

    /// <summary>
    /// A Maildir++ folder of a mailbox: <c>&lt;maildir&gt;/.Junk</c> for "Junk". Folder names are plain
    /// names (letters, digits, '-' and '_') so they cannot point elsewhere.
    /// </summary>
    /// <exception cref="ArgumentException">The folder name is not a plain name.</exception>
    public static string FolderPath(string maildir, string folder)
    {
        if (folder.Length == 0 || !folder.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"not a folder name: '{folder}'", nameof(folder));
        return Path.Combine(maildir, "." + folder);
    }

    private static string EncodeLocalPart(string local)
    {
        var encoded = new StringBuilder(local.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < local.Length; i += char.IsSurrogatePair(local, i) ? 2 : 1)
        {
            char c = local[i];
            if (char.IsAsciiLetterOrDigit(c) || SafeSymbols.Contains(c) || (c == '.' && i > 0))
            {
                encoded.Append(c);
                continue;
            }
            var rune = Rune.GetRuneAt(local, i);
            int length = rune.EncodeToUtf8(utf8);
            foreach (byte b in utf8[..length]) encoded.Append('%').Append(b.ToString("X2"));
        }
        return encoded.ToString();
    }
}
