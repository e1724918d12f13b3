using Mizugiwa.Delivery.Dkim;

namespace Mizugiwa.Web.Admin;

/// <summary>A DKIM key as the pages and API show it, with the DNS TXT record to publish.</summary>
public sealed record DkimKeyView(string Domain, string Selector, string? Algorithm, bool Active, string? Record, string? Problem)
{
    public static DkimKeyView Of(DkimKeyInfo key) => new(key.Domain, key.Selector, key.Key?.Algorithm.Name(), key.Active, key.ZoneLine, key.Problem);
}

/// <summary>Makes and removes keys with the key store `mizugiwa dkim keygen|remove` use (same files, same rules).</summary>
internal static class DkimAdmin
{
    public static readonly string[] Algorithms = ["rsa", "ed25519"];

    /// <summary>The new key, or the reason it could not be made.</summary>
    public static (DkimKeyView? Key, string? Problem) Generate(DkimKeyStore store, string? domain, string? selector, string? algorithm)
    {
        if (string.IsNullOrWhiteSpace(domain)) return (null, "domain is required");
        if (string.IsNullOrWhiteSpace(selector)) return (null, "selector is required");
        var name = string.IsNullOrWhiteSpace(algorithm) ? "rsa" : algorithm.Trim();
        if (name.Equals("rsa-2048", StringComparison.OrdinalIgnoreCase)) name = "rsa";
        if (!DkimAlgorithms.TryParse(name, out var parsed)) return (null, $"unknown algorithm '{algorithm}' (rsa-2048 or ed25519)");
        try
        {
            return (DkimKeyView.Of(store.Generate(domain.Trim(), selector.Trim(), parsed)), null);
        }
        catch (DkimKeyException e)
        {
            return (null, e.Message);
        }
    }

    public static (DkimKeyView? Key, string? Problem) Remove(DkimKeyStore store, string domain, string selector)
    {
        try
        {
            return (DkimKeyView.Of(store.Remove(domain, selector)), null);
        }
        catch (DkimKeyException e)
        {
            return (null, e.Message);
        }
    }
}
