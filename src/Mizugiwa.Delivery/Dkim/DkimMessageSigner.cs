using System.Text;
using Microsoft.Extensions.Logging;
using MimeKit;
using Mizugiwa.Core;
using Org.BouncyCastle.Crypto;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>
/// Signs outbound mail with the active keys of the sender's domain (rsa-sha256 and/or ed25519-sha256,
/// relaxed/relaxed, whole body, with t=). Returns the DKIM-Signature field(s) to put on top of the
/// message, one per key, each ending in CRLF; the message itself is only read.
/// </summary>
public sealed class DkimMessageSigner : IMessageSigner
{
    /// <summary>How often the key files are looked at for changes, by default.</summary>
    public static readonly TimeSpan DefaultReloadInterval = TimeSpan.FromSeconds(10);

    private readonly DkimKeyCache _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DkimMessageSigner(DkimKeyStore store, TimeProvider time, ILogger<DkimMessageSigner> logger, TimeSpan? reloadInterval = null)
    {
        _time = time;
        _logger = logger;
        _keys = new DkimKeyCache(store, time, reloadInterval ?? DefaultReloadInterval, logger);
    }

    /// <summary>Whether mail from <paramref name="fromDomain"/> (a domain or an address) would be signed.</summary>
    public bool HasKey(string fromDomain) =>
        DkimNames.TryNormalizeDomain(fromDomain) is { } domain && _keys.KeysFor(domain).Count > 0;

    public async ValueTask<string?> SignAsync(string fromDomain, Stream message, CancellationToken cancellationToken)
    {
        var domain = DkimNames.TryNormalizeDomain(fromDomain);
        if (domain is null) return null;
        var keys = _keys.KeysFor(domain);
        if (keys.Count == 0) return null;

        var parsed = await MimeMessage.LoadAsync(message, cancellationToken);
        var headers = DkimSignedHeaders.Select(parsed);
        var fields = new StringBuilder();
        foreach (var key in keys)
        {
            try { fields.Append(Sign(parsed, headers, key)); }
            catch (Exception e) when (e is CryptoException or FormatException or ArgumentException or InvalidOperationException)
            {
                _logger.LogError(e, "DKIM: signing for {Domain} with selector {Selector} failed", key.Domain, key.Selector);
            }
        }
        return fields.Length == 0 ? null : fields.ToString();
    }

    private string Sign(MimeMessage message, IList<string> headers, DkimSigningKey key)
    {
        var signer = new TimedDkimSigner(key.Key.Key, key.Domain, key.Selector, key.Key.Algorithm.ToMimeKit(), _time);
        signer.Sign(message, headers);
        // MimeKit puts the new field on top of the message it parsed; we hand back its text instead.
        var field = message.Headers[0];
        message.Headers.RemoveAt(0);
        return DkimFieldText.Of(field);
    }
}
