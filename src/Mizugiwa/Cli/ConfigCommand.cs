using Microsoft.Extensions.DependencyInjection;
using Mizugiwa.Configuration;
using Mizugiwa.Hosting;
using Mizugiwa.Smtp;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary>
/// <c>mizugiwa config test</c>: everything <c>serve</c> reads and opens before it listens (the values, the
/// certificate, the directory and Bayes stores, rule files, the Content section's names), without listening;
/// for checking a change before <c>systemctl restart</c>, as <c>postfix check</c> or <c>nginx -t</c> do.
/// </summary>
internal static class ConfigCommand
{
    public const string Usage = """
        usage: mizugiwa [--config FILE] config test
          Builds what serve builds, without listening, and prints the listeners and the certificate.
          Exit 0 when serve would start; 78 and the problem when the configuration is wrong.
        """;

    /// <summary>A certificate that ends sooner than this is worth a warning.</summary>
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options, TimeProvider time) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["test"] = async rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                Microsoft.AspNetCore.Builder.WebApplication app;
                try { app = ServeCommand.Build(options); }
                catch (DirectoryException e) { throw new StoreUnavailableException(e.Message, e); }
                await using (app)
                {
                    foreach (var line in Listeners(options)) Console.WriteLine(line);
                    var certificate = app.Services.GetRequiredService<ServerCertificate>().Current;
                    var left = certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime;
                    var source = options.Tls.CertificatePath is { Length: > 0 } path ? path : "self-signed, in the data directory";
                    Console.WriteLine($"certificate: {certificate.Subject} ({source}), valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} ({Math.Floor(left.TotalDays)} days)");
                    if (left < ExpiryWarning) Console.WriteLine($"warning: the certificate ends in less than {ExpiryWarning.TotalDays} days");
                    Console.WriteLine("configuration OK");
                }
            },
        });

    /// <summary>How "mx" recipients leave: by MX (with MTA-STS or not), or through the relay host (never its password; MTA-STS does not apply).</summary>
    private static string Outbound(OutboundDeliveryOptions o)
    {
        if (o.RelayHost.Length == 0) return $"by MX, port {o.Port}, MTA-STS {(o.MtaSts ? "on" : "off")}{(o.MtaStsPolicyPort != 443 || !string.IsNullOrEmpty(o.MtaStsTrustedCertificate) ? " (test settings: MtaStsPolicyPort, MtaStsTrustedCertificate)" : "")}";
        var relay = Delivery.Outbound.SmtpRelay.Parse(o.RelayHost, ConfigurationLoader.RelayTlsOf(o) ?? Delivery.Outbound.RelayTls.StartTls, out _)! with { User = string.IsNullOrEmpty(o.RelayUser) ? null : o.RelayUser };
        var how = relay.LookUpMx ? "MX of the host, else its address" : "no MX lookup";
        var auth = string.IsNullOrEmpty(o.RelayUser) ? "no AUTH" : $"AUTH as {o.RelayUser}";
        var tls = relay.Tls == Delivery.Outbound.RelayTls.Implicit ? "implicit TLS" : relay.RequiresTls ? "STARTTLS required" : "STARTTLS when offered";
        var check = relay.RequiresTls ? o.RelayCertificateCheck ? ", certificate verified" : ", certificate NOT verified" : "";
        return $"relay host {relay} ({how}; {auth}, {tls}{check})";
    }

    private static IEnumerable<string> Listeners(MizugiwaOptions o)
    {
        static string On(bool enabled, string address, int port) => enabled ? $"{address}:{port}" : "off";
        yield return $"mx: {o.Mx.Address}:{o.Mx.Port}";
        yield return $"submission: {On(o.Submission.Enabled, o.Submission.Address, o.Submission.Port)} (STARTTLS), {On(o.Submission.ImplicitTlsEnabled, o.Submission.ImplicitTlsAddress, o.Submission.ImplicitTlsPort)} (TLS)";
        yield return $"imap: {On(o.Imap.Enabled, o.Imap.Address, o.Imap.Port)} (STARTTLS), {On(o.Imap.ImplicitTlsEnabled, o.Imap.ImplicitTlsAddress, o.Imap.ImplicitTlsPort)} (TLS)";
        yield return $"pop3: {On(o.Pop3.Enabled, o.Pop3.Address, o.Pop3.Port)} (STLS), {On(o.Pop3.ImplicitTlsEnabled, o.Pop3.ImplicitTlsAddress, o.Pop3.ImplicitTlsPort)} (TLS)";
        yield return $"policy server: {On(o.PolicyServer.Enabled, o.PolicyServer.Address, o.PolicyServer.Port)}";
        yield return $"web: {On(o.Web.Enabled, o.Web.Address, o.Web.Port)}";
        yield return $"outbound: {Outbound(o.Outbound)}";
        yield return $"data: {Path.GetFullPath(o.DataDirectory)}";
    }
}
