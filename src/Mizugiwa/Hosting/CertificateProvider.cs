using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mizugiwa.Configuration;

namespace Mizugiwa.Hosting;

/// <summary>
/// The certificate offered by STARTTLS: the configured one, else a self-signed one that is
/// made on first start and kept in the data directory so that it stays the same across restarts.
/// </summary>
internal static class CertificateProvider
{
    public static X509Certificate2 Load(MizugiwaOptions options)
    {
        var tls = options.Tls;
        if (tls.CertificatePath is { Length: > 0 } path)
        {
            try
            {
                return tls.KeyPath is { Length: > 0 } key
                    ? X509Certificate2.CreateFromPemFile(path, key)
                    : X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword);
            }
            catch (CryptographicException e)
            {
                throw new ConfigurationProblemException($"Tls:CertificatePath '{path}' could not be loaded: {e.Message}");
            }
        }
        var selfSigned = Path.Combine(options.DataDirectory, "tls", "self-signed.pfx");
        if (File.Exists(selfSigned)) return X509CertificateLoader.LoadPkcs12FromFile(selfSigned, null);
        var certificate = CreateSelfSigned(options.HostName);
        Directory.CreateDirectory(Path.GetDirectoryName(selfSigned)!);
        File.WriteAllBytes(selfSigned, certificate.Export(X509ContentType.Pkcs12));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(selfSigned, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return X509CertificateLoader.LoadPkcs12FromFile(selfSigned, null);
    }

    private static X509Certificate2 CreateSelfSigned(string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }
}
