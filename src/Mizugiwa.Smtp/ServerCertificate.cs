using System.Security.Cryptography.X509Certificates;

namespace Mizugiwa.Smtp;

/// <summary>
/// The certificate TLS handshakes offer (SMTP, POP3, IMAP), replaceable while the server runs: a renewed
/// certificate is taken by <see cref="Replace"/> and offered from the next handshake on. The old one is not
/// disposed, since sessions that finished their handshake with it may still hold it.
/// </summary>
public sealed class ServerCertificate(X509Certificate2 initial)
{
    private X509Certificate2 _current = initial;

    public X509Certificate2 Current => Volatile.Read(ref _current);

    public void Replace(X509Certificate2 next) => Volatile.Write(ref _current, next);
}
