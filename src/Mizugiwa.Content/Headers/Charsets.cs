using System.Text;

namespace Mizugiwa.Content.Headers;

/// <summary>Compares charset names by what they decode to, so "SJIS" and "Shift_JIS" are the same.</summary>
internal static class Charsets
{
    static Charsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Canonical(string name)
    {
        try
        {
            return Encoding.GetEncoding(name.Trim().Trim('"')).WebName;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return name.Trim().Trim('"').ToLowerInvariant();
        }
    }

    public static bool IsAscii(string? name) => name is null || Canonical(name) == "us-ascii";
}
