using Mizugiwa.Core;
using System.Net;

namespace Mizugiwa.Policy.Access;

public enum AccessKind { Client, ClientName, Sender, Recipient }

public enum AccessAction { Allow, Deny }

/// <summary>
/// One access-list entry. Patterns: Client — an IP address or CIDR network (IPv4 or IPv6);
/// ClientName — a domain, matching the forward-confirmed PTR name and its subdomains;
/// Sender/Recipient — a full address, or a domain (matching addresses in it and its subdomains).
/// </summary>
public sealed record AccessRule(AccessKind Kind, string Pattern, AccessAction Action, string? Note = null)
{
    public static string? Validate(AccessKind kind, string pattern) => kind switch
    {
        AccessKind.Client => IPNetwork.TryParse(pattern, out _) || IPAddress.TryParse(pattern, out _) ? null : $"'{pattern}' is not an IP address or CIDR network",
        AccessKind.ClientName => Core.SmtpAddress.IsDomainOrLiteral(pattern, true) ? null : $"'{pattern}' is not a domain",
        _ => pattern.Contains('@')
            ? Core.SmtpAddress.TryParse(pattern, true, out var error) is null ? $"'{pattern}' is not an address: {error}" : null
            : Core.SmtpAddress.IsDomainOrLiteral(pattern, true) ? null : $"'{pattern}' is not an address or domain",
    };

    public bool Matches(IPAddress address)
    {
        if (Kind != AccessKind.Client) return false;
        address = ClientAddress.Unmapped(address);
        if (IPAddress.TryParse(Pattern, out var single)) return single.Equals(address);
        return IPNetwork.TryParse(Pattern, out var network) && network.Contains(address);
    }

    /// <summary>For ClientName, Sender and Recipient rules.</summary>
    public bool Matches(string? value)
    {
        if (value is null || Kind == AccessKind.Client) return false;
        if (Kind == AccessKind.ClientName || !Pattern.Contains('@'))
        {
            var domain = Kind == AccessKind.ClientName ? value : value[(value.LastIndexOf('@') + 1)..];
            return Client.ClientName.IsInDomain(domain, Pattern);
        }
        return value.Equals(Pattern, StringComparison.OrdinalIgnoreCase);
    }
}
