using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>A throwaway CA for tests and the server certificates it issues (ECDSA P-256, valid for a day).</summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificateAuthority(string name = "Mizugiwa Test CA")
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The CA certificate (public part), what a test trusts.</summary>
    public X509Certificate2 Root { get; }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }

    /// <summary>A server certificate for <paramref name="dnsNames"/> with its private key, loaded as a server can use it.</summary>
    public X509Certificate2 Issue(params string[] dnsNames)
    {
        var (certificate, key) = IssuePem(dnsNames);
        return X509Certificate2.CreateFromPem(certificate, key);
    }

    /// <summary>A server certificate for <paramref name="dnsNames"/> and its private key, as PEM (for Postfix).</summary>
    public (string CertificatePem, string KeyPem) IssuePem(params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames) names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using var issued = request.Create(Root, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes the CA certificate as PEM, the form Outbound:MtaStsTrustedCertificate reads.</summary>
    public string WritePem(string path)
    {
        File.WriteAllText(path, Root.ExportCertificatePem());
        return path;
    }
}
