using Mizugiwa.Policy.Dns;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Client;

/// <summary>
/// Starts the FCrDNS lookup of the client at connect, without waiting for it; checks that need the
/// name await it through <see cref="ClientName.GetAsync"/>. A temporary DNS failure leaves the name
/// null (unknown to us), which is not the same as "unknown" (no PTR: S25R rule 0).
/// </summary>
public sealed class ClientNameLookup(FcrDns fcrDns) : IConnectCheck
{
    public string Name => "client-name";

    public ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken)
    {
        // A name given by a trusted front end (XCLIENT NAME=) is already there and is not looked up again.
        session.Start<string?>(ClientName.LookupKey, async () =>
        {
            var result = await fcrDns.ResolveAsync(session.ClientAddress, CancellationToken.None);
            var name = result.Status == FcrDnsStatus.TemporaryFailure ? null : result.Name;
            session.ClientName = name;
            return name;
        });
        return ValueTask.FromResult(Verdict.Continue);
    }
}
