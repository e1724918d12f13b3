using System.Net;

namespace Mizugiwa.Content.Urls;

/// <summary>One URL found in a message.</summary>
/// <param name="Original">The URL as written (entities decoded for HTML attributes; "www." forms as written).</param>
/// <param name="Normalised">The normalised URL (see docs/URLS.md): scheme, host, non-default port and path only.</param>
/// <param name="Host">The normalised host: lower-case ASCII (punycode), no trailing dot; an IP host in its canonical text form.</param>
/// <param name="UserInfo">The userinfo before '@' in the authority, or null.</param>
/// <param name="IpHost">The address when the host is an IP literal or an obfuscated IPv4 number, else null.</param>
/// <param name="IpObfuscated">The IPv4 host was written in a non-dotted-decimal form (a dword, octal or hex parts).</param>
/// <param name="LinkText">For an HTML &lt;a&gt; or &lt;area&gt; href: the link's visible text (trimmed), else null.</param>
public sealed record UrlFinding(
    string Original,
    Uri Normalised,
    string Host,
    string? UserInfo,
    IPAddress? IpHost,
    bool IpObfuscated,
    string? LinkText = null);
