using System.Text.Json.Serialization;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>The active selector per key type of one domain, as kept in <c>dkim/active.json</c>.</summary>
public sealed class DkimActiveSelectors
{
    public string? Rsa { get; set; }
    public string? Ed25519 { get; set; }

    public string? Get(DkimAlgorithm algorithm) => algorithm == DkimAlgorithm.Rsa ? Rsa : Ed25519;

    public void Set(DkimAlgorithm algorithm, string? selector)
    {
        if (algorithm == DkimAlgorithm.Rsa) Rsa = selector;
        else Ed25519 = selector;
    }

    [JsonIgnore]
    public bool IsEmpty => Rsa is null && Ed25519 is null;
}
