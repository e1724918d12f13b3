using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>
/// Whether a TLS peer's certificate is valid for MTA-STS (RFC 8461 §4.2): a chain to the system trust store and the
/// host name we connected to (checked by .NET per RFC 6125, wildcards in the left-most label only). For tests and labs one
/// extra root (Outbound:MtaStsTrustedCertificate) may be trusted as well; the host name must still match.
/// </summary>
public sealed class MtaStsCertificateCheck(X509Certificate2? extraTrustedRoot = null)
{
    /// <summary>The extra root from a PEM or DER file (Outbound:MtaStsTrustedCertificate); throws IOException or CryptographicException.</summary>
    public static X509Certificate2 LoadTrustedRoot(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificate(bytes);
    }

    /// <summary>Null when the certificate is valid, else why not.</summary>
    public string? Problem(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return null;
        if (certificate is null) return "no certificate";
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && extraTrustedRoot is not null && ChainsToExtraRoot(certificate, chain)) return null;
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) reasons.Add("the name does not match");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) reasons.Add("no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() ?? [];
            reasons.Add(status.Count > 0 ? $"untrusted chain ({string.Join(", ", status)})" : "untrusted chain");
        }
        return string.Join("; ", reasons);
    }

    private bool ChainsToExtraRoot(X509Certificate certificate, X509Chain? presented)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(extraTrustedRoot!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return chain.Build(leaf);
    }
}
