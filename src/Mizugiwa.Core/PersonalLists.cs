namespace Mizugiwa.Core;

/// <summary>A user's own list entry: always accept mail from a sender (never spam for them), or refuse it.</summary>
public enum PersonalListKind { Allow, Deny }

/// <summary>
/// Each mailbox user's personal allow and deny lists of senders: a whole address, or a domain
/// ("example.org" or "@example.org", which also covers its subdomains).
/// </summary>
public interface IPersonalLists
{
    /// <summary>What the mailbox's lists say about a sender: Deny wins over Allow; null when neither lists it.</summary>
    ValueTask<PersonalListKind?> FindSenderAsync(string mailbox, string sender, CancellationToken cancellationToken);

    /// <summary>
    /// What each of <paramref name="mailboxes"/>' lists says about a sender, in their order. A directory
    /// with a database answers with one query; this default asks one by one.
    /// </summary>
    async ValueTask<IReadOnlyList<PersonalListKind?>> FindSenderForEachAsync(IReadOnlyList<string> mailboxes, string sender, CancellationToken cancellationToken)
    {
        var kinds = new PersonalListKind?[mailboxes.Count];
        for (int i = 0; i < kinds.Length; i++) kinds[i] = await FindSenderAsync(mailboxes[i], sender, cancellationToken);
        return kinds;
    }
}

/// <summary>How list patterns are written and matched.</summary>
public static class PersonalListPatterns
{
    /// <summary>The pattern lower-cased, "@domain" as "domain"; null when it is neither an address nor a domain.</summary>
    public static string? Normalize(string text)
    {
        var pattern = text.Trim().TrimStart('@').ToLowerInvariant();
        if (pattern.Contains('@', StringComparison.Ordinal))
            return SmtpAddress.TryParse(pattern, allowUtf8: true, out _) is null ? null : pattern;
        return SmtpAddress.IsDomainOrLiteral(pattern, allowUtf8: true) && !pattern.StartsWith('[') ? pattern : null;
    }

    /// <summary>The patterns that would match a sender: the address, its domain and each parent domain.</summary>
    public static IReadOnlyList<string> Candidates(string sender)
    {
        var address = sender.ToLowerInvariant();
        var at = address.LastIndexOf('@');
        if (at < 0) return [address];
        var candidates = new List<string> { address };
        var domain = address[(at + 1)..];
        while (domain.Contains('.', StringComparison.Ordinal))
        {
            candidates.Add(domain);
            domain = domain[(domain.IndexOf('.', StringComparison.Ordinal) + 1)..];
        }
        return candidates;
    }
}
