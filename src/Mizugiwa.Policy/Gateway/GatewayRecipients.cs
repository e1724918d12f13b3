using Mizugiwa.Core;
using Mizugiwa.Smtp.Gateway;

namespace Mizugiwa.Policy.Gateway;

/// <summary>The relay domains of gateway mode, each validated as configured (directory, probe or not at all).</summary>
public sealed class GatewayRecipients : IRelayRecipients
{
    private readonly Dictionary<string, RelayDomain> _domains;
    private readonly IRecipientDirectory _directory;
    private readonly RecipientProbeCache _probes;

    public GatewayRecipients(GatewayOptions options, IRecipientDirectory directory, RecipientProbeCache probes)
    {
        _domains = new Dictionary<string, RelayDomain>(StringComparer.OrdinalIgnoreCase);
        foreach (var domain in options.Domains)
        {
            if (NextHop.TryParse(domain.NextHop) is null)
                throw new ArgumentException($"Gateway domain {domain.Domain}: NextHop must be smtp:host:port or lmtp:host:port, not '{domain.NextHop}'", nameof(options));
            if (!_domains.TryAdd(domain.Domain.Trim().TrimEnd('.'), domain))
                throw new ArgumentException($"Gateway domain {domain.Domain} is listed twice", nameof(options));
        }
        _directory = directory;
        _probes = probes;
    }

    public bool IsRelayDomain(string domain) => _domains.ContainsKey(domain);

    public async ValueTask<RelayAnswer?> VerifyAsync(SmtpAddress address, CancellationToken cancellationToken)
    {
        if (!_domains.TryGetValue(address.Domain, out var domain)) return null;
        var display = address.ToString();
        switch (domain.Verify)
        {
            case RelayVerification.None:
                return new RelayAnswer(RelayVerdict.Valid, domain.NextHop, "not verified");
            case RelayVerification.Directory:
                var resolution = await _directory.ResolveAsync(address, cancellationToken);
                return resolution.Status == RecipientStatus.Local
                    ? new RelayAnswer(RelayVerdict.Valid, domain.NextHop, "directory")
                    : new RelayAnswer(RelayVerdict.Unknown, domain.NextHop, "directory: no such account or alias");
            default:
                return await _probes.VerifyAsync(domain.NextHop, display, cancellationToken);
        }
    }
}
