using System.Text;

namespace Mizugiwa.Content.Rules;

internal static class JapaneseEncodings
{
    public static readonly Encoding Iso2022Jp = Create("iso-2022-jp");

    private static Encoding Create(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
