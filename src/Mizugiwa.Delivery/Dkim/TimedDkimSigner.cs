using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>MimeKit's signer with relaxed/relaxed canonicalisation and the t= timestamp taken from a <see cref="TimeProvider"/>.</summary>
internal sealed class TimedDkimSigner : DkimSigner
{
    private readonly TimeProvider _time;

    public TimedDkimSigner(AsymmetricKeyParameter key, string domain, string selector, DkimSignatureAlgorithm algorithm, TimeProvider time)
        : base(key, domain, selector, algorithm)
    {
        _time = time;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
    }

    protected override long GetTimestamp() => _time.GetUtcNow().ToUnixTimeSeconds();
}
