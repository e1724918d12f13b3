using System.Net;

namespace Mizugiwa.Policy.Greylist;

/// <summary>Exempts clients, senders or recipients from greylisting (by IP/CIDR, PTR domain, address…).</summary>
public interface IGreylistWhitelist
{
    ValueTask<bool> IsWhitelistedAsync(IPAddress client, string? clientName, string sender, string recipient, CancellationToken cancellationToken);
}
