namespace Mizugiwa.Delivery.Dkim;

/// <summary>One key file of the store: where it is, whether it signs, and the key itself (null with <see cref="Problem"/> when unreadable).</summary>
public sealed record DkimKeyInfo(string Domain, string Selector, string Path, bool Active, DkimPrivateKey? Key, string? Problem)
{
    /// <summary>The record to publish for this key; null when the key file cannot be read.</summary>
    public string? ZoneLine => Key is null ? null : DkimDnsRecord.ZoneLine(Domain, Selector, Key.Algorithm, Key.PublicKey);
}
