using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Imap;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Smtp;

namespace Mizugiwa.Hosting;

/// <summary>The IMAP listeners (STARTTLS and implicit TLS): sessions share SMTP AUTH's password gate and brute-force guard.</summary>
internal static class ImapHosting
{
    public static void Listen(KestrelServerOptions kestrel, MizugiwaOptions options, ServerCertificate certificate)
    {
        var imap = options.Imap;
        var listeners = new List<(bool Enabled, string Address, int Port, bool ImplicitTls)>
        {
            (imap.Enabled, imap.Address, imap.Port, false),
            (imap.ImplicitTlsEnabled, imap.ImplicitTlsAddress, imap.ImplicitTlsPort, true),
        };
        foreach (var (_, address, port, implicitTls) in listeners.Where(l => l.Enabled))
        {
            kestrel.Listen(IPAddress.Parse(address), port, listen =>
            {
                var sp = kestrel.ApplicationServices;
                var services = new ImapServices(SessionOptions(options, certificate, implicitTls), sp.GetRequiredService<SmtpAuthServices>(),
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Imap"),
                    sp.GetRequiredService<ShutdownCoordinator>().SessionEnd, sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping)
                {
                    Space = sp.GetRequiredService<Mizugiwa.Core.IMailboxSpace>(),
                    JunkReports = new BayesJunkReports(sp.GetRequiredService<Mizugiwa.Content.Bayes.BayesStore>()),
                };
                var handler = new ImapConnectionHandler(services);
                listen.Use(_ => handler.OnConnectedAsync);
            });
        }
    }

    private static ImapSessionOptions SessionOptions(MizugiwaOptions options, ServerCertificate certificate, bool implicitTls) => new()
    {
        ImplicitTls = implicitTls,
        Certificate = certificate,
        MailRoot = options.MailDirectory,
        IdleTimeout = TimeSpan.FromMinutes(options.Imap.IdleTimeoutMinutes),
        MaxLineLength = options.Imap.MaxLineLength,
        MaxAppendSize = options.Limits.MaxMessageSize,
        MaxConnections = options.Imap.MaxConnections,
        IdlePollInterval = TimeSpan.FromSeconds(options.Imap.IdlePollSeconds),
    };
}
