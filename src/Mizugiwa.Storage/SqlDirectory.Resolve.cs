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
        var found = await ExpandAsync(c, a.Key, cancellationToken);
        if (found.IsEmpty && WithoutSubaddress(a) is { } main)
            found = await ExpandAsync(c, main, cancellationToken);
        if (found.IsEmpty && a.LocalPart.Equals(PostmasterMailbox, StringComparison.OrdinalIgnoreCase))
            return new RecipientResolution(RecipientStatus.Local, [PostmasterMailbox]);
        if (found.Mailboxes.Count > 0) return new RecipientResolution(RecipientStatus.Local, found.Mailboxes) { OwnQuotas = found.Quotas };
        return found.DisabledCount > 0 ? RecipientResolution.Disabled : RecipientResolution.Unknown;
    }

    /// <summary>The enabled accounts an address reaches with their own quotas, and how many disabled ones it reaches besides.</summary>
    private sealed record Expansion(List<string> Mailboxes, Dictionary<string, long?> Quotas, int DisabledCount)
    {
        public bool IsEmpty => Mailboxes.Count == 0 && DisabledCount == 0;
    }

    /// <summary>The key of user@domain for user+tag@domain, or null when there is no sub-address.</summary>
    private string? WithoutSubaddress(DirectoryAddress a)
    {
        int at = a.LocalPart.IndexOfAny(_subaddressDelimiters);
        return at > 0 ? DirectoryAddress.From(new SmtpAddress(a.LocalPart[..at], a.Domain)).Key : null;
    }

    /// <summary>The account addresses <paramref name="key"/> reaches, following aliases breadth-first without repeats.</summary>
    private static async Task<Expansion> ExpandAsync(DbConnection c, string key, CancellationToken ct)
    {
        var mailboxes = new List<string>();
        var quotas = new Dictionary<string, long?>(StringComparer.Ordinal);
        var disabled = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal) { key };
        var level = new List<string> { key };
        for (int depth = 0; depth <= MaxAliasDepth && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var k in level)
            {
                var account = await ReadAsync(c, r => (Address: r.GetString(0), Disabled: IsDisabled(r, 1), Quota: Quota(r, 2)),
                    "SELECT address, disabled, quota_bytes FROM accounts WHERE address_key = @p0", [k], ct);
                if (account.Count > 0)
                {
                    if (account[0].Disabled) disabled++;
                    else
                    {
                        mailboxes.Add(account[0].Address);
                        quotas[account[0].Address] = account[0].Quota;
                    }
                    continue;
                }
                var targets = await ReadAsync(c, r => r.GetString(0), "SELECT target_key FROM aliases WHERE address_key = @p0", [k], ct);
                next.AddRange(targets.Where(seen.Add));
            }
            level = next;
        }
        return new Expansion(mailboxes, quotas, disabled);
    }
}
