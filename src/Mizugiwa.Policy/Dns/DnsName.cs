namespace Mizugiwa.Policy.Dns;

/// <summary>Canonical form of a domain name: lower-case, no trailing dot.</summary>
public static class DnsName
{
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();
}
