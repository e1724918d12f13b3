using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Mizugiwa.Content.Dkim;

/// <summary>Hands MimeKit the key we already fetched and checked, so verifying one signature costs one DNS query.</summary>
internal sealed class FixedDkimPublicKeyLocator(AsymmetricKeyParameter key) : IDkimPublicKeyLocator
{
    public AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) => key;

    public Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(key);
}
