using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Client;

/// <summary>The client's forward-confirmed PTR name, looked up once per session from connect on.</summary>
public static class ClientName
{
    public const string LookupKey = SessionContext.ClientNameLookupKey;
    /// <summary>S25R's word for a client without a forward-confirmed PTR (rule 0).</summary>
    public const string Unknown = "unknown";

    /// <summary>The name, "unknown", or null when it could not be learned (no lookup, or a temporary DNS failure).</summary>
    public static async ValueTask<string?> GetAsync(SessionContext session)
    {
        if (session.ClientName is { } known) return known;
        var lookup = session.Get<string?>(LookupKey);
        return lookup is null ? null : await lookup;
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="domain"/> or below it.</summary>
    public static bool IsInDomain(string? name, string domain) =>
        name is not null && (name.Equals(domain, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase));
}
