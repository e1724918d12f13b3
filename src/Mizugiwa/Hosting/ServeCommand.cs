using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Delivery;
using Mizugiwa.Mailbox;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Policy.PolicyDelegation;
using Mizugiwa.Smtp.Proxy;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Storage;

namespace Mizugiwa.Hosting;

/// <summary><c>mizugiwa serve</c>: one host; protocol listeners are Kestrel connection handlers.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, MizugiwaOptions options)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync($"mizugiwa serve: unexpected argument '{args[0]}'");
            return 64;
        }
        // Before the host is built: the console logger takes hold of standard output when it is made.
        using var output = BufferedConsoleOutput.Install();
        WebApplication app;
        try { app = Build(options); }
        catch (ConfigurationProblemException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return 78;
        }
        catch (DirectoryException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return 69; // EX_UNAVAILABLE
        }
        try
        {
            await app.RunAsync();
        }
        // An address in use comes wrapped in an IOException; an address this host does not have ("Cannot assign requested address") does not.
        catch (Exception e) when (e is System.Net.Sockets.SocketException
            || (e is IOException && (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))))
        {
            await Console.Error.WriteLineAsync($"mizugiwa: cannot listen on {options.Mx.Address}:{options.Mx.Port} (or a submission port {options.Submission.Port}/{options.Submission.ImplicitTlsPort}, a POP3 port {options.Pop3.Port}/{options.Pop3.ImplicitTlsPort}, an IMAP port {options.Imap.Port}/{options.Imap.ImplicitTlsPort}, the policy or milter port {options.PolicyServer.Port}/{options.Milter.Port}, or the web port {options.Web.Port}): {e.Message}");
            return 75;
        }
        return 0;
    }

    public static WebApplication Build(MizugiwaOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var certificate = new ServerCertificate(CertificateProvider.Load(options));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownGraceSeconds + 10));

        var time = TimeProvider.System;
        var srs = ForwardingHosting.Srs(options, time);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(certificate);
        builder.Services.AddHostedService<CertificateReloader>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new ShutdownCoordinator(
            sp.GetRequiredService<IHostApplicationLifetime>(), time, TimeSpan.FromSeconds(options.ShutdownGraceSeconds)));
        builder.Services.AddSingleton(DirectoryFactory.Open(options)); // now, so a directory that cannot be opened stops the start with its reason
        builder.Services.AddSingleton<IRecipientDirectory>(sp => sp.GetRequiredService<SqlDirectory>());
        builder.Services.AddSingleton<IForwardingDirectory>(sp => sp.GetRequiredService<SqlDirectory>());
        builder.Services.AddSingleton<IMailboxSpace>(sp => new MailboxSpace(options.MailDirectory, sp.GetRequiredService<SqlDirectory>(), DirectoryFactory.DefaultQuota(options), time));
        builder.Services.AddSingleton(_ => new GroupCommitter());
        builder.Services.AddSingleton(sp => new FileSpool(options.SpoolDirectory, sp.GetRequiredService<GroupCommitter>(), time, sp.GetRequiredService<ILogger<FileSpool>>()));
        builder.Services.AddSingleton<IMessageSpool>(sp => sp.GetRequiredService<FileSpool>());
        builder.Services.AddSingleton(sp => new QueueManager(sp.GetRequiredService<FileSpool>(), options.MailDirectory,
            new QueueManagerOptions(options.Queue.DeliveryConcurrency,
                TimeSpan.FromSeconds(options.Queue.MinRetryDelaySeconds), TimeSpan.FromSeconds(options.Queue.MaxRetryDelaySeconds))
            { ScanInterval = TimeSpan.FromSeconds(options.Queue.ScanSeconds) },
            OutboundServices.Create(sp, options, time, srs),
            time, sp.GetRequiredService<ILogger<QueueManager>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueManager>());
        builder.Services.AddHostedService<SystemdNotifier>();
        builder.Services.AddSingleton<IMessageSigner>(sp => new Mizugiwa.Delivery.Dkim.DkimMessageSigner(Mizugiwa.Delivery.Dkim.DkimKeyStore.ForDataDirectory(options.DataDirectory), time, sp.GetRequiredService<ILogger<Mizugiwa.Delivery.Dkim.DkimMessageSigner>>()));
        PolicyServices.Add(builder.Services, options, time);
        SettingsServices.Add(builder.Services, options, time);
        ContentServices.Add(builder.Services, options);
        builder.Services.AddSingleton(_ => PolicyServices.TransactionLogReader(options));
        if (options.Web.Enabled)
        {
            Web.ErrorResponses.AddServices(builder.Services);
            Web.Api.ApiEndpoints.AddServices(builder.Services);
            Web.Ui.UiEndpoints.AddServices(builder.Services);
        }
        if (options.PolicyServer.Enabled) builder.Services.AddPolicyDelegation();
        builder.Services.AddSingleton(sp => new SmtpAuthServices(
            new DirectoryCredentialVerifier(sp.GetRequiredService<SqlDirectory>()),
            sp.GetRequiredService<Mizugiwa.Core.State.IStateStore>(), AuthOptions(options.Submission), time));
        builder.Services.AddSingleton(sp => new SmtpServices(
            SessionOptions(options, certificate),
            new QuotaCheckedDirectory(sp.GetRequiredService<IRecipientDirectory>(), sp.GetRequiredService<IMailboxSpace>(), refuseFull: true),
            sp.GetRequiredService<IMessageSpool>(),
            time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Smtp"),
            sp.GetRequiredService<ShutdownCoordinator>().SessionEnd,
            sp.GetRequiredService<ISmtpPolicy>(),
            sp.GetRequiredService<IDecisionLog>(),
            sp.GetRequiredService<SmtpAuthServices>(),
            GatewayServices.Create(sp, options),
            sp.GetService<IContentFilter>()) { Srs = srs });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.Mx.Address), options.Mx.Port, listen =>
            {
                if (options.Mx.ProxyProtocol)
                {
                    var proxies = options.Mx.ProxyFrom.Select(n => IPNetwork.Parse(n)).ToList();
                    var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Smtp.Proxy");
                    listen.Use(next => new ProxyProtocolMiddleware(next, proxies, TimeSpan.FromSeconds(10), time, logger).OnConnectionAsync);
                }
                listen.UseConnectionHandler<SmtpConnectionHandler>();
            });
            ListenForSubmission(kestrel, options, certificate);
            Pop3Hosting.Listen(kestrel, options, certificate);
            ImapHosting.Listen(kestrel, options, certificate);
            if (options.PolicyServer.Enabled)
                kestrel.Listen(IPAddress.Parse(options.PolicyServer.Address), options.PolicyServer.Port, listen => listen.UseConnectionHandler<PolicyConnectionHandler>());
            MilterHosting.Listen(kestrel, options);
            if (options.Web.Enabled)
                kestrel.Listen(IPAddress.Parse(options.Web.Address), options.Web.Port);
        });
        var app = builder.Build();
        // Opened now: a PostgreSQL that cannot be reached, or a store this version cannot read, stops the start with its reason.
        app.Services.GetRequiredService<Mizugiwa.Content.Bayes.BayesStore>();
        // Built now: an analyzer or symbol named in the Content section that none of them knows stops the start.
        app.Services.GetRequiredService<Mizugiwa.Content.Scoring.ContentScanner>();
        if (options.Web.Enabled)
        {
            Web.ProxyHeaders.Use(app, options.Web.TrustedProxies);
            Web.ErrorResponses.Use(app);
            Web.Ui.UiEndpoints.Map(app, options);
            Web.HealthEndpoints.Map(app);
            Web.Api.ApiEndpoints.Map(app, options);
        }
        return app;
    }

    /// <summary>The submission listeners (STARTTLS and implicit TLS): the MX's services with another listener kind.</summary>
    private static void ListenForSubmission(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, MizugiwaOptions options,
        ServerCertificate certificate)
    {
        var submission = options.Submission;
        var listeners = new List<(bool Enabled, string Address, int Port, SmtpListenerKind Kind)>
        {
            (submission.Enabled, submission.Address, submission.Port, SmtpListenerKind.Submission),
            (submission.ImplicitTlsEnabled, submission.ImplicitTlsAddress, submission.ImplicitTlsPort, SmtpListenerKind.ImplicitTlsSubmission),
        };
        foreach (var (enabled, address, port, kind) in listeners.Where(l => l.Enabled))
        {
            kestrel.Listen(IPAddress.Parse(address), port, listen =>
            {
                var sp = kestrel.ApplicationServices;
                var mx = sp.GetRequiredService<SmtpServices>();
                var services = new SmtpServices(SessionOptions(options, certificate, kind), mx.Directory, mx.Spool, mx.Time,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Smtp.Submission"), mx.SessionEnd, mx.Policy, mx.DecisionLog, mx.Auth, mx.Relay);
                var handler = new SmtpConnectionHandler(services);
                listen.Use(_ => handler.OnConnectedAsync);
            });
        }
    }

    private static SmtpAuthOptions AuthOptions(SubmissionOptions s) => new()
    {
        AllowPlaintextAuth = s.AllowPlaintextAuth,
        OfferOnMx = s.AuthOnMx,
        EnforceSenderOwnership = s.EnforceSenderOwnership,
        MessagesPerHour = s.MessagesPerHour,
        RecipientsPerHour = s.RecipientsPerHour,
        LockoutAfterFailures = s.AuthLockoutAfterFailures,
        FailureWindow = TimeSpan.FromSeconds(s.AuthFailureWindowSeconds),
        LockoutDuration = TimeSpan.FromSeconds(s.AuthLockoutSeconds),
        FailureDelayStep = TimeSpan.FromMilliseconds(s.AuthFailureDelayStepMilliseconds),
        MaxFailureDelay = TimeSpan.FromMilliseconds(s.AuthMaxFailureDelayMilliseconds),
        ConcurrentPasswordChecks = s.ConcurrentPasswordChecks,
    };

    private static SmtpSessionOptions SessionOptions(MizugiwaOptions options, ServerCertificate certificate,
        SmtpListenerKind kind = SmtpListenerKind.Mx)
    {
        var limits = options.Limits;
        return new SmtpSessionOptions
        {
            Kind = kind,
            Auth = AuthOptions(options.Submission),
            HostName = options.HostName,
            MaxMessageSize = limits.MaxMessageSize,
            MaxRecipients = limits.MaxRecipients,
            MaxCommandLineLength = limits.MaxCommandLineLength,
            MaxTextLineLength = limits.MaxTextLineLength,
            SoftErrorLimit = limits.SoftErrorLimit,
            HardErrorLimit = limits.HardErrorLimit,
            ErrorDelayStep = TimeSpan.FromMilliseconds(limits.ErrorDelayStepMilliseconds),
            CommandTimeout = TimeSpan.FromSeconds(limits.CommandTimeoutSeconds),
            DataTimeout = TimeSpan.FromSeconds(limits.DataTimeoutSeconds),
            MaxConnections = limits.MaxConnections,
            Certificate = certificate,
            XclientNetworks = kind == SmtpListenerKind.Mx ? [.. options.Mx.XclientNetworks.Select(n => IPNetwork.Parse(n))] : [],
            RelayNetworks = kind == SmtpListenerKind.Mx ? [.. options.Mx.RelayNetworks.Select(n => IPNetwork.Parse(n))] : [],
        };
    }
}
