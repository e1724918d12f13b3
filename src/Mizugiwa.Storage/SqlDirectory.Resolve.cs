using System.Data.Common;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>RCPT-time resolution of an address to local mailboxes.</summary>
public sealed partial class SqlDirectory
{
    /// <summary>How many alias levels are followed; deeper targets are ignored.</summary>
    public const int MaxAliasDepth = 10;

    /// <summary>The mailbox that takes postmaster mail of a domain with no postmaster account or alias.</summary>
    public const string PostmasterMailbox = "postmaster";

    public async ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken)
    {
        if (address.IsAddressLiteral) return RecipientResolution.NotLocal;
        await using var c = await OpenAsync(cancellationToken);
        if (!await IsLocalDomainAsync(c, address.Domain, cancellationToken)) return RecipientResolution.NotLocal;

        var a = DirectoryAddress.From(address);
        var mailboxes = await ExpandAsync(c, a.Key, cancellationToken);
        if (mailboxes.Count == 0 && WithoutSubaddress(a) is { } main)
            mailboxes = await ExpandAsync(c, main, cancellationToken);
        if (mailboxes.Count == 0 && a.LocalPart.Equals(PostmasterMailbox, StringComparison.OrdinalIgnoreCase))
            mailboxes = [PostmasterMailbox];
        return mailboxes.Count == 0 ? RecipientResolution.Unknown : new RecipientResolution(RecipientStatus.Local, mailboxes);
    }

    /// <summary>The key of user@domain for user+tag@domain, or null when there is no sub-address.</summary>
    private string? WithoutSubaddress(DirectoryAddress a)
    {
        int at = a.LocalPart.IndexOfAny(_subaddressDelimiters);
        return at > 0 ? DirectoryAddress.From(new SmtpAddress(a.LocalPart[..at], a.Domain)).Key : null;
    }

    /// <summary>The account addresses <paramref name="key"/> reaches, following aliases breadth-first without repeats.</summary>
    private static async Task<List<string>> ExpandAsync(DbConnection c, string key, CancellationToken ct)
    {
        var mailboxes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { key };
        var level = new List<string> { key };
        for (int depth = 0; depth <= MaxAliasDepth && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var k in level)
            {
                var account = await ReadAsync(c, r => r.GetString(0), "SELECT address FROM accounts WHERE address_key = @p0", [k], ct);
                if (account.Count > 0) { mailboxes.Add(account[0]); continue; }
                var targets = await ReadAsync(c, r => r.GetString(0), "SELECT target_key FROM aliases WHERE address_key = @p0", [k], ct);
                next.AddRange(targets.Where(seen.Add));
            }
            level = next;
        }
        return mailboxes;
    }
}
