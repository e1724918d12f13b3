using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>One entry of a user's personal list.</summary>
public sealed record PersonalListEntry(PersonalListKind Kind, string Pattern);

/// <summary>The users' personal allow and deny lists of senders (table personal_lists).</summary>
public sealed partial class SqlDirectory : IPersonalLists
{
    /// <summary>Adds (or moves to the other list) a sender pattern for an account.</summary>
    public async Task SetPersonalListEntryAsync(string account, PersonalListKind kind, string pattern, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(account);
        var normalized = PersonalListPatterns.Normalize(pattern) ?? throw new DirectoryException($"'{pattern}' is neither a mail address nor a domain");
        await using var c = await OpenAsync(cancellationToken);
        if (!await IsAccountAsync(c, a.Key, cancellationToken)) throw new DirectoryException($"account {a.Text} does not exist");
        await ExecuteAsync(c, "INSERT INTO personal_lists (mailbox_key, kind, pattern) VALUES (@p0, @p1, @p2) ON CONFLICT (mailbox_key, pattern) DO UPDATE SET kind = excluded.kind",
            [a.Key, kind.ToString().ToLowerInvariant(), normalized], cancellationToken);
    }

    public async Task RemovePersonalListEntryAsync(string account, string pattern, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(account);
        var normalized = PersonalListPatterns.Normalize(pattern) ?? pattern.Trim().ToLowerInvariant();
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "DELETE FROM personal_lists WHERE mailbox_key = @p0 AND pattern = @p1", [a.Key, normalized], cancellationToken) == 0)
            throw new DirectoryException($"{normalized} is not on the lists of {a.Text}");
    }

    public async Task<IReadOnlyList<PersonalListEntry>> ListPersonalListAsync(string account, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(account);
        await using var c = await OpenAsync(cancellationToken);
        return await ReadAsync(c, r => new PersonalListEntry(Enum.Parse<PersonalListKind>(r.GetString(0), ignoreCase: true), r.GetString(1)),
            "SELECT kind, pattern FROM personal_lists WHERE mailbox_key = @p0 ORDER BY kind, pattern", [a.Key], cancellationToken);
    }

    public async ValueTask<PersonalListKind?> FindSenderAsync(string mailbox, string sender, CancellationToken cancellationToken)
    {
        if (sender.Length == 0 || DirectoryAddress.TryParse(mailbox) is not { } a) return null;
        var candidates = PersonalListPatterns.Candidates(sender);
        await using var c = await OpenAsync(cancellationToken);
        var kinds = await ReadAsync(c, r => r.GetString(0), $"SELECT kind FROM personal_lists WHERE mailbox_key = @p0 AND pattern IN ({Placeholders(1, candidates.Count)})",
            [a.Key, .. candidates], cancellationToken);
        if (kinds.Contains("deny")) return PersonalListKind.Deny;
        return kinds.Contains("allow") ? PersonalListKind.Allow : null;
    }

    /// <summary>What each of <paramref name="mailboxes"/>' lists says about a sender (in their order), with one query; Deny wins over Allow.</summary>
    public async ValueTask<IReadOnlyList<PersonalListKind?>> FindSenderForEachAsync(IReadOnlyList<string> mailboxes, string sender, CancellationToken cancellationToken)
    {
        var (keys, distinct) = MailboxKeys(mailboxes);
        var listed = new Dictionary<string, PersonalListKind>(StringComparer.Ordinal);
        if (sender.Length > 0 && distinct.Length > 0)
        {
            var candidates = PersonalListPatterns.Candidates(sender);
            await using var c = await OpenAsync(cancellationToken);
            var rows = await ReadAsync(c, r => (Key: r.GetString(0), Deny: r.GetString(1) == "deny"),
                $"SELECT mailbox_key, kind FROM personal_lists WHERE mailbox_key IN ({Placeholders(0, distinct.Length)}) AND pattern IN ({Placeholders(distinct.Length, candidates.Count)})",
                [.. distinct, .. candidates], cancellationToken);
            foreach (var row in rows)
                if (row.Deny || !listed.ContainsKey(row.Key)) listed[row.Key] = row.Deny ? PersonalListKind.Deny : PersonalListKind.Allow;
        }
        return [.. keys.Select(k => k is not null && listed.TryGetValue(k, out var kind) ? kind : (PersonalListKind?)null)];
    }
}
