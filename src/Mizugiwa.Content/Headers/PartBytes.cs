using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>The transfer-decoded octets of a part (before any charset decoding), up to a limit.</summary>
internal static class PartBytes
{
    public const int DefaultLimit = 64 * 1024;

    public static byte[] Read(MimePart part, int limit = DefaultLimit)
    {
        if (part.Content is null) return [];
        using var decoded = new MemoryStream();
        part.Content.DecodeTo(decoded);
        var length = (int)Math.Min(decoded.Length, limit);
        return decoded.GetBuffer().AsSpan(0, length).ToArray();
    }
}
