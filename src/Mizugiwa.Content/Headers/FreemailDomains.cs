namespace Mizugiwa.Content.Headers;

/// <summary>Big free mailbox providers: anyone can open an address there in a minute.</summary>
internal static class FreemailDomains
{
    private static readonly HashSet<string> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com",
        "mail.com", "gmx.com", "gmx.net", "gmx.de", "web.de", "yandex.ru", "yandex.com", "mail.ru", "qq.com",
        "163.com", "126.com", "sina.com", "rediffmail.com", "protonmail.com", "proton.me", "zoho.com",
        "excite.com", "lycos.com", "netscape.net", "juno.com", "usa.net", "email.com", "caramail.com",
        "excite.co.jp", "goo.jp", "livedoor.com",
    };

    // Providers with one domain per country (yahoo.co.jp, hotmail.co.uk, ...).
    private static readonly string[] Prefixes = ["yahoo.", "hotmail.", "ymail.", "rocketmail."];

    public static bool Contains(string domain) =>
        Exact.Contains(domain) || Prefixes.Any(p => domain.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
