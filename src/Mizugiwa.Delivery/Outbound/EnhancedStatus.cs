using System.Text.RegularExpressions;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>RFC 3463 status codes taken from, or made up for, an SMTP reply.</summary>
public static partial class EnhancedStatus
{
    /// <summary>The enhanced code at the start of <paramref name="text"/> when its class matches the reply code, else a generic one (2.0.0, 4.0.0, 5.0.0).</summary>
    public static string From(int code, string text)
    {
        int klass = code / 100;
        var match = Leading().Match(text);
        if (match.Success && match.Groups[1].Value == klass.ToString(System.Globalization.CultureInfo.InvariantCulture)) return match.Value;
        return klass is 2 or 4 or 5 ? $"{klass}.0.0" : "4.0.0";
    }

    [GeneratedRegex(@"^([245])\.\d{1,3}\.\d{1,3}(?=\s|$)")]
    private static partial Regex Leading();
}
