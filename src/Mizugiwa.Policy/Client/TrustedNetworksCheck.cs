using Mizugiwa.Core;
using System.Net;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Client;

/// <summary>
/// Clients in our own networks (by default loopback, as Postfix's mynetworks) are trusted: the spam
/// checks leave them alone. This grants no relaying.
/// </summary>
public sealed class TrustedNetworksCheck(IReadOnlyList<IPNetwork> networks) : IConnectCheck
{
    public string Name => "trusted-networks";

    public ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var address = session.ClientAddress;
        foreach (var network in networks)
        {
            if (!network.Contains(address)) continue;
            session.TrustedBy = $"trusted network {network}";
            return ValueTask.FromResult(Verdict.Accept(Name, network.ToString()));
        }
        return ValueTask.FromResult(Verdict.Continue);
    }
}
