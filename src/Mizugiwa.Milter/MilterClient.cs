using System.Net;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Milter;

/// <summary>The SMTP client as the checks see it, made from what the MTA told the milter.</summary>
internal static class MilterClient
{
    /// <summary>S25R's rule 0 and the SMTP listener's word for a client without a verified name.</summary>
    private const string UnknownName = "unknown";

    /// <summary>The client's address; a local socket counts as loopback, an unknown family as 0.0.0.0 (scanned, trusted by nobody).</summary>
    public static IPAddress Address(MilterSession session)
    {
        if (session.Client is not { } client) return IPAddress.Any;
        if (client.Family == 'L') return IPAddress.Loopback;
        var text = client.Address.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? client.Address[5..] : client.Address;
        return client.Family is '4' or '6' && IPAddress.TryParse(text, out var address) ? Core.ClientAddress.Unmapped(address) : IPAddress.Any;
    }

    /// <summary>The verified name; "unknown" when the MTA sent the address in brackets instead (it has no verified name).</summary>
    public static string Name(MilterSession session) =>
        session.Client is { HostName: { Length: > 0 } name } && !name.StartsWith('[') ? name : UnknownName;

    public static SessionContext Context(MilterSession session, string id, IReadOnlyList<IPNetwork> trustedNetworks)
    {
        var address = Address(session);
        var context = new SessionContext(id, address)
        {
            ClientName = Name(session),
            Helo = session.Helo,
            Authenticated = session.Macros.Get("auth_authen") is { Length: > 0 },
            Sender = session.Transaction?.Sender,
        };
        foreach (var network in trustedNetworks)
        {
            if (!network.Contains(context.ClientAddress)) continue;
            context.TrustedBy = $"trusted network {network}";
            break;
        }
        return context;
    }
}
