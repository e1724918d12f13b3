using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Gateway;
using Mizugiwa.Smtp.Gateway;

namespace Mizugiwa.Hosting;

/// <summary>Gateway mode (docs/GATEWAY.md): the relay domains and their recipient verification, when any are configured.</summary>
internal static class GatewayServices
{
    public static GatewayOptions OptionsFrom(MizugiwaOptions options)
    {
        var g = options.Gateway;
        return new GatewayOptions
        {
            Domains = [.. g.Domains.Select(d => new RelayDomain(d.Domain.Trim().TrimEnd('.').ToLowerInvariant(), d.NextHop,
                Enum.Parse<RelayVerification>(d.Verify, ignoreCase: true)))],
            ValidTtl = TimeSpan.FromDays(g.ValidCacheDays),
            UnknownTtl = TimeSpan.FromDays(g.UnknownCacheDays),
            TemporaryTtl = TimeSpan.FromSeconds(g.TemporaryCacheSeconds),
            ProbeTimeout = TimeSpan.FromSeconds(g.ProbeTimeoutSeconds),
            HeloName = string.IsNullOrEmpty(options.Outbound.HostName) ? options.HostName : options.Outbound.HostName,
        };
    }

    /// <summary>Null when no relay domain is configured: the sessions then never ask.</summary>
    public static IRelayRecipients? Create(IServiceProvider sp, MizugiwaOptions options)
    {
        if (options.Gateway.Domains.Count == 0) return null;
        var gateway = OptionsFrom(options);
        var probes = new RecipientProbeCache(sp.GetRequiredService<IStateStore>(), new SmtpRecipientProber(gateway), gateway,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Gateway"));
        return new GatewayRecipients(gateway, sp.GetRequiredService<IRecipientDirectory>(), probes);
    }
}
