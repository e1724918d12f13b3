using System.Text;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>The DNS TXT record that publishes a key: "v=DKIM1; k=…; p=…" at SELECTOR._domainkey.DOMAIN.</summary>
public static class DkimDnsRecord
{
    /// <summary>A TXT character-string holds at most 255 bytes (RFC 1035 §3.3); longer values are split.</summary>
    public const int MaxStringLength = 255;

    public static string Name(string domain, string selector) => $"{selector}._domainkey.{domain}";

    public static string Value(DkimAlgorithm algorithm, byte[] publicKey) =>
        $"v=DKIM1; k={algorithm.Name()}; p={Convert.ToBase64String(publicKey)}";

    /// <summary>The record as a zone-file line: <c>S._domainkey.D. IN TXT "…" "…"</c>, the value split into 255-character strings.</summary>
    public static string ZoneLine(string domain, string selector, DkimAlgorithm algorithm, byte[] publicKey)
    {
        var line = new StringBuilder($"{Name(domain, selector)}. IN TXT");
        foreach (var chunk in Split(Value(algorithm, publicKey))) line.Append(" \"").Append(chunk).Append('"');
        return line.ToString();
    }

    /// <summary>Splits a TXT value into character-strings of at most 255 characters (the value is ASCII and has no quotes).</summary>
    public static IEnumerable<string> Split(string value)
    {
        for (int i = 0; i < value.Length; i += MaxStringLength)
            yield return value.Substring(i, Math.Min(MaxStringLength, value.Length - i));
    }
}
