using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Delivery;
using Mizugiwa.Mailbox;
using Mizugiwa.Delivery.Dsn;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Delivery.Outbound.MtaSts;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Hosting;

/// <summary>The outbound agent and DSN sender, built from the "Outbound" configuration, for the queue manager.</summary>
internal static class OutboundServices
{
    public static OutboundOptions OptionsFrom(MizugiwaOptions options)
    {
        var o = options.Outbound;
        return new OutboundOptions
        {
            HostName = string.IsNullOrEmpty(o.HostName) ? options.HostName : o.HostName,
            Port = o.Port,
            FirstRetryDelay = TimeSpan.FromSeconds(o.FirstRetrySeconds),
            MaxRetryDelay = TimeSpan.FromSeconds(o.MaxRetrySeconds),
            MaxQueueAge = TimeSpan.FromDays(o.MaxQueueDays),
            DelayNoticeAfter = TimeSpan.FromHours(o.DelayNoticeHours),
            MaxConnectionsPerDestination = o.MaxConnectionsPerDestination,
            ConnectTimeout = TimeSpan.FromSeconds(o.ConnectTimeoutSeconds),
            CommandTimeout = TimeSpan.FromSeconds(o.CommandTimeoutSeconds),
            DropDoubleBounces = o.DropDoubleBounces,
            ReturnFullMaxBytes = o.ReturnFullMaxKilobytes * 1024L,
            Relay = RelayFrom(o),
        };
    }

    /// <summary>The validated relay host settings (ConfigurationLoader.ValidateRelay), with the password read from its file now.</summary>
    private static SmtpRelay? RelayFrom(OutboundDeliveryOptions o)
    {
        if (o.RelayHost.Length == 0) return null;
        var relay = SmtpRelay.Parse(o.RelayHost, ConfigurationLoader.RelayTlsOf(o) ?? RelayTls.StartTls, out var problem)
            ?? throw new ConfigurationProblemException($"Outbound:RelayHost '{o.RelayHost}' {problem}");
        if (string.IsNullOrEmpty(o.RelayUser)) return relay with { CheckCertificate = o.RelayCertificateCheck };
        string password;
        try { password = RelayPassword.Read(o.RelayPasswordFile ?? ""); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new ConfigurationProblemException($"Outbound:RelayPasswordFile '{o.RelayPasswordFile}' cannot be used: {e.Message}");
        }
        return relay with { User = o.RelayUser, Password = password, CheckCertificate = o.RelayCertificateCheck };
    }

    /// <summary>The certificate check for MTA-STS: the system trust store, plus Outbound:MtaStsTrustedCertificate (tests, labs) when set.</summary>
    private static MtaStsCertificateCheck MtaStsCertificatesFrom(OutboundDeliveryOptions o)
    {
        if (string.IsNullOrEmpty(o.MtaStsTrustedCertificate)) return new MtaStsCertificateCheck();
        try { return new MtaStsCertificateCheck(MtaStsCertificateCheck.LoadTrustedRoot(o.MtaStsTrustedCertificate)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new ConfigurationProblemException($"Outbound:MtaStsTrustedCertificate '{o.MtaStsTrustedCertificate}' cannot be used: {e.Message}");
        }
    }

    /// <summary>MTA-STS discovery with its cache in DataDirectory/mta-sts-policies.json; none when turned off or when a relay host takes all mail.</summary>
    private static MtaStsPolicies? MtaStsFrom(MizugiwaOptions options, OutboundOptions outbound, PolicyMxResolver resolver,
        MtaStsCertificateCheck certificates, TimeProvider time, ILogger logger)
    {
        if (!options.Outbound.MtaSts || outbound.Relay is not null) return null;
        var cache = new MtaStsPolicyCache(Path.Combine(options.DataDirectory, "mta-sts-policies.json"), time, logger);
        return new MtaStsPolicies(resolver, new MtaStsHttpsFetcher(resolver, certificates, options.Outbound.MtaStsPolicyPort), cache, logger);
    }

    public static DeliveryServices Create(IServiceProvider sp, MizugiwaOptions options, TimeProvider time, SenderRewriting? srs)
    {
        var outbound = OptionsFrom(options);
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Outbound");
        var resolver = new PolicyMxResolver(sp.GetRequiredService<IDnsResolver>());
        var certificates = MtaStsCertificatesFrom(options.Outbound);
        var agent = new OutboundAgent(
            new MxPlanner(resolver, outbound.Port, outbound.Relay),
            new ProtocolTransport(new MailKitTransport(outbound, sp.GetService<IMessageSigner>(), logger, time, certificates), new LmtpTransport(outbound, logger)),
            new DestinationLimiter(outbound.MaxConnectionsPerDestination),
            logger,
            MtaStsFrom(options, outbound, resolver, certificates, time, logger));
        // Idle connections kept for reuse say QUIT when the server stops (bounded, so a dead peer cannot hold the shutdown).
        sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => agent.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5)));
        var directory = sp.GetRequiredService<IRecipientDirectory>();
        var dsn = new DsnSender(sp.GetRequiredService<FileSpool>(), directory, outbound, time, logger, srs);
        // Delivery asks the quota too (a message that would not fit is deferred 4.2.2); resolution stays the directory's own.
        var checkedDirectory = new QuotaCheckedDirectory(directory, sp.GetRequiredService<IMailboxSpace>(), refuseFull: false);
        return new DeliveryServices(outbound, agent, checkedDirectory, dsn)
        {
            DecisionLog = sp.GetService<IDecisionLog>(),
            Forwarding = ForwardingHosting.Services(options, sp.GetRequiredService<IForwardingDirectory>(), srs),
        };
    }
}
