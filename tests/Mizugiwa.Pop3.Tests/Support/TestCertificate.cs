using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mizugiwa.Pop3.Tests.Support;

/// <summary>A throwaway self-signed certificate: only its presence matters to these tests (STLS is offered).</summary>
internal static class TestCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mx.example.test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
