using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;
using Mizugiwa.Milter;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Hosting;

/// <summary>
/// The milter listener (docs/MILTER.md): the content level for Postfix or Sendmail, with the SMTP listener's
/// content filter, directory (the recipients' filter modes), trusted networks and transaction log.
/// </summary>
internal static class MilterHosting
{
    public static void Listen(KestrelServerOptions kestrel, MizugiwaOptions options)
    {
        var milter = options.Milter;
        if (!milter.Enabled) return;
        kestrel.Listen(IPAddress.Parse(milter.Address), milter.Port, listen =>
        {
            var sp = kestrel.ApplicationServices;
            var format = sp.GetRequiredService<IAuthenticationResultsFormat>();
            var handler = new MilterConnectionHandler(
                sp.GetService<IContentFilter>(),
                sp.GetRequiredService<IRecipientDirectory>(),
                HandlerOptions(options, value => format.ClaimsAuthServId(value, options.HostName)),
                sp.GetRequiredService<IDecisionLog>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Milter"),
                sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            listen.Use(_ => handler.OnConnectedAsync);
        });
    }

    /// <summary>The Milter section (and what the milter borrows from others) as the connection handler takes it.</summary>
    internal static MilterOptions HandlerOptions(MizugiwaOptions options, Func<string, bool> claimsOurAuthServId)
    {
        var milter = options.Milter;
        return new MilterOptions
        {
            HostName = options.HostName,
            MaxPacketBytes = milter.MaxPacketBytes,
            IdleTimeout = TimeSpan.FromSeconds(milter.IdleTimeoutSeconds),
            PacketTimeout = TimeSpan.FromSeconds(milter.PacketTimeoutSeconds),
            ScanTimeout = TimeSpan.FromSeconds(milter.ScanTimeoutSeconds),
            MaxConnections = milter.MaxConnections,
            TrustedNetworks = [.. options.Checks.EffectiveTrustedNetworks.Select(n => IPNetwork.Parse(n))],
            ClaimsOurAuthServId = claimsOurAuthServId,
        };
    }
}
