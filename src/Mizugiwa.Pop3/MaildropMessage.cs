using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Pop3;

/// <summary>One message of a maildrop as the session numbered it at login.</summary>
internal sealed class MaildropMessage(int number, string uid, string path, long octets)
{
    public int Number { get; } = number;
    /// <summary>The unique-id listing (UIDL): the Maildir file name before ':', the same across sessions.</summary>
    public string Uid { get; } = uid;
    /// <summary>Where the file is now; it moves from new/ to cur/ when it was retrieved.</summary>
    public string Path { get; set; } = path;
    /// <summary>The size as sent: CRLF line endings, without the byte-stuffing.</summary>
    public long Octets { get; } = octets;
    public bool Deleted { get; set; }

    /// <summary>
    /// The unique name of a Maildir file (before the ':' of its flags). RFC 1939 §7 allows 1 to 70 characters
    /// 0x21..0x7E in a unique-id; a name outside that (a foreign Maildir) is replaced by a digest of it.
    /// </summary>
    public static string UidOf(string fileName)
    {
        var colon = fileName.IndexOf(':');
        var unique = colon < 0 ? fileName : fileName[..colon];
        if (unique.Length is >= 1 and <= 70 && unique.All(c => c is >= '!' and <= '~')) return unique;
        return "H" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(unique)))[..40];
    }
}
