using Mizugiwa.Core;
using System.Net;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Flow;

/// <summary>Who flow control and the harvest guard leave alone: authenticated, trusted and configured networks.</summary>
internal static class Exemptions
{
    public static bool Applies(SessionContext session, IReadOnlyList<IPNetwork> trustedNetworks)
    {
        if (session.Authenticated || session.TrustedBy is not null) return true;
        var address = ClientAddress.Unmapped(session.ClientAddress);
        foreach (var network in trustedNetworks)
            if (network.Contains(address)) return true;
        return false;
    }
}
