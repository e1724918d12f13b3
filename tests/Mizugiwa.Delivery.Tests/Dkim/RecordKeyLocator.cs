using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Mizugiwa.Delivery.Tests.Dkim;

/// <summary>Answers MimeKit's key lookups from TXT record values held in memory (name → value), as DNS would.</summary>
internal sealed class RecordKeyLocator(IReadOnlyDictionary<string, string> records) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        records.TryGetValue($"{selector}._domainkey.{domain}", out var record)
            ? GetPublicKey(record)
            : throw new InvalidOperationException($"no record for {selector}._domainkey.{domain}");

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));

    /// <summary>The record name and value of a zone line as <c>mizugiwa dkim keygen</c> prints it.</summary>
    public static KeyValuePair<string, string> FromZoneLine(string zoneLine)
    {
        var name = zoneLine[..zoneLine.IndexOf(". IN TXT ", StringComparison.Ordinal)];
        var strings = zoneLine[(zoneLine.IndexOf(" IN TXT ", StringComparison.Ordinal) + 8)..].Split('"', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !string.IsNullOrWhiteSpace(s));
        return new(name, string.Concat(strings));
    }
}
