using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Pop3;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Smtp;

namespace Mizugiwa.Hosting;

/// <summary>
/// The POP3 listeners (STLS and implicit TLS, docs/POP3.md). They check passwords through SMTP AUTH's gate and
/// guard, so failed logins of both protocols count together.
/// </summary>
internal static class Pop3Hosting
{
    public static void Listen(KestrelServerOptions kestrel, MizugiwaOptions options, ServerCertificate certificate)
    {
        var pop3 = options.Pop3;
        var listeners = new List<(bool Enabled, string Address, int Port, Pop3ListenerKind Kind)>
        {
            (pop3.Enabled, pop3.Address, pop3.Port, Pop3ListenerKind.StartTls),
            (pop3.ImplicitTlsEnabled, pop3.ImplicitTlsAddress, pop3.ImplicitTlsPort, Pop3ListenerKind.ImplicitTls),
        };
        var sizes = new MessageSizes();
        foreach (var (_, address, port, kind) in listeners.Where(l => l.Enabled))
        {
            kestrel.Listen(IPAddress.Parse(address), port, listen =>
            {
                var sp = kestrel.ApplicationServices;
                var auth = sp.GetRequiredService<SmtpAuthServices>();
                var handler = new Pop3ConnectionHandler(new Pop3Services
                {
                    Options = SessionOptions(options, certificate, kind),
                    Passwords = auth.Passwords,
                    Guard = auth.Guard,
                    Sizes = sizes,
                    Time = sp.GetRequiredService<TimeProvider>(),
                    Logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Pop3"),
                    SessionEnd = sp.GetRequiredService<ShutdownCoordinator>().SessionEnd,
                });
                listen.Use(_ => handler.OnConnectedAsync);
            });
        }
    }

    private static Pop3SessionOptions SessionOptions(MizugiwaOptions options, ServerCertificate certificate, Pop3ListenerKind kind) => new()
    {
        Kind = kind,
        MailRoot = options.MailDirectory,
        HostName = options.HostName,
        Certificate = certificate,
        AllowPlaintextAuth = options.Pop3.AllowPlaintextAuth,
        IdleTimeout = TimeSpan.FromSeconds(options.Pop3.IdleTimeoutSeconds),
        MaxBadCommands = options.Pop3.MaxBadCommands,
        MaxConnections = options.Pop3.MaxConnections,
    };
}
