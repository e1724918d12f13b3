using System.Text.RegularExpressions;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// Envelope addresses as greylisting keys them (after postgrey): lower case; the sender without a
/// <c>+extension</c>, without BATV tagging (<c>prvs=tag=user</c>, <c>prvs=user/tag</c>), and with
/// stand-alone digit runs replaced by <c>#</c> so that VERP senders of one list are one sender.
/// </summary>
internal static partial class GreylistAddress
{
    /// <summary>The null reverse-path (bounces) as it appears in a key.</summary>
    public const string NullSender = "<>";

    private static readonly string[] BatvPrefixes = ["prvs=", "msprvs1="];

    public static string NormaliseSender(string? sender)
    {
        var address = Unbracket(sender);
        if (address.Length == 0) return NullSender;
        int at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var domain = at < 0 ? "" : address[at..];
        local = StripBatv(local);
        int plus = local.IndexOf('+');
        if (plus > 0) local = local[..plus];
        local = DigitRun().Replace(local, "#");
        return local + domain;
    }

    public static string NormaliseRecipient(string recipient) => Unbracket(recipient);

    private static string Unbracket(string? address)
    {
        var text = (address ?? "").Trim();
        if (text.Length >= 2 && text[0] == '<' && text[^1] == '>') text = text[1..^1];
        return text.ToLowerInvariant();
    }

    private static string StripBatv(string local)
    {
        foreach (var prefix in BatvPrefixes)
        {
            if (!local.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = local[prefix.Length..];
            int slash = rest.IndexOf('/');
            if (slash > 0) return rest[..slash];          // prvs=user/tag
            int equals = rest.IndexOf('=');
            if (equals >= 0 && equals < rest.Length - 1) return rest[(equals + 1)..]; // prvs=tag=user
        }
        return local;
    }

    [GeneratedRegex(@"\b[0-9]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();
}
