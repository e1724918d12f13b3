using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Smtp;

namespace Mizugiwa.Hosting;

/// <summary>
/// SIGHUP (<c>systemctl reload mizugiwa</c>, a certbot deploy hook) reads Tls:CertificatePath and Tls:KeyPath
/// again: a renewed certificate is offered from the next TLS handshake on, with no restart and no session
/// lost. A certificate that cannot be read is logged and the one in use is kept. Without the handler a
/// SIGHUP would end the process.
/// </summary>
internal sealed partial class CertificateReloader(ServerCertificate certificate, MizugiwaOptions options, ILogger<CertificateReloader> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _hangup;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Reload();
            });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _hangup?.Dispose();

    /// <summary>Loads the configured certificate again; false (and logged) when there is none or it cannot be read.</summary>
    public bool Reload()
    {
        if (options.Tls.CertificatePath is not { Length: > 0 } path)
        {
            NothingToReload(logger);
            return false;
        }
        try
        {
            var next = CertificateProvider.Load(options);
            certificate.Replace(next);
            Reloaded(logger, path, next.Subject, next.NotAfter.ToUniversalTime(), next.Thumbprint);
            return true;
        }
        catch (Exception e) when (e is ConfigurationProblemException or IOException or UnauthorizedAccessException)
        {
            ReloadFailed(logger, path, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "tls: certificate reloaded from {Path}: subject={Subject} notAfter={NotAfter:O} thumbprint={Thumbprint}")]
    private static partial void Reloaded(ILogger logger, string path, string subject, DateTime notAfter, string thumbprint);

    [LoggerMessage(Level = LogLevel.Error, Message = "tls: certificate reload from {Path} failed, keeping the one in use: {Error}")]
    private static partial void ReloadFailed(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "tls: reload asked, but Tls:CertificatePath is not set (the self-signed certificate is kept)")]
    private static partial void NothingToReload(ILogger logger);
}
