using System.Text;
using MimeKit;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>A header field as it goes on the wire: name, colon, the folded raw value, every line ending in CRLF.</summary>
internal static class DkimFieldText
{
    public static string Of(Header field)
    {
        // The raw value is what the signature was computed over (relaxed: unfolded, spaces squeezed);
        // only the line endings are made CRLF, which canonicalisation ignores.
        var raw = Encoding.ASCII.GetString(field.RawValue).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!raw.EndsWith('\n')) raw += "\n";
        return field.Field + ":" + raw.Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
