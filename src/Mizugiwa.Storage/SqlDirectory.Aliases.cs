using System.Data.Common;

namespace Mizugiwa.Storage;

/// <summary>Aliases: an address that reaches one or more accounts or other aliases.</summary>
public sealed partial class SqlDirectory
{
    /// <summary>Adds <paramref name="target"/> to the alias <paramref name="address"/>; the target must be an existing account or alias.</summary>
    public async Task AddAliasAsync(string address, string target, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        var t = DirectoryAddress.Parse(target);
        if (a.Key == t.Key) throw new DirectoryException($"alias {a.Text} cannot point to itself");
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await RequireLocalDomainAsync(c, a.Domain, cancellationToken);
        if (await IsAccountAsync(c, a.Key, cancellationToken)) throw new DirectoryException($"{a.Text} is already an account");
        if (!await IsAccountAsync(c, t.Key, cancellationToken) && !await IsAliasAsync(c, t.Key, cancellationToken))
            throw new DirectoryException($"alias target {t.Text} is neither an account nor an alias");
        if (await CountAsync(c, "SELECT count(*) FROM aliases WHERE address_key = @p0 AND target_key = @p1", [a.Key, t.Key], cancellationToken) > 0)
            throw new DirectoryException($"alias {a.Text} -> {t.Text} already exists");
        await ExecuteAsync(c, """
            INSERT INTO aliases (address_key, address, domain, target_key, target)
            VALUES (@p0, coalesce((SELECT address FROM aliases WHERE address_key = @p0 LIMIT 1), @p1), @p2, @p3, @p4)
            """, [a.Key, a.Text, a.Domain, t.Key, t.Text], cancellationToken); // an alias keeps the spelling it was first given
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Removes one target of an alias, or with a null <paramref name="target"/> the whole alias.</summary>
    public async Task RemoveAliasAsync(string address, string? target, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (target is null)
        {
            if (await ExecuteAsync(c, "DELETE FROM aliases WHERE address_key = @p0", [a.Key], cancellationToken) == 0)
                throw new DirectoryException($"alias {a.Text} does not exist");
            return;
        }
        var t = DirectoryAddress.Parse(target);
        if (await ExecuteAsync(c, "DELETE FROM aliases WHERE address_key = @p0 AND target_key = @p1", [a.Key, t.Key], cancellationToken) == 0)
            throw new DirectoryException($"alias {a.Text} -> {t.Text} does not exist");
    }

    /// <summary>All alias rows, or those of one local domain.</summary>
    public async Task<IReadOnlyList<AliasEntry>> ListAliasesAsync(string? domain, CancellationToken cancellationToken)
    {
        static AliasEntry Row(DbDataReader r) => new(r.GetString(0), r.GetString(1));
        await using var c = await OpenAsync(cancellationToken);
        if (domain is null)
            return await ReadAsync(c, Row, "SELECT address, target FROM aliases ORDER BY domain, address_key, target_key", [], cancellationToken);
        var name = domain.ToLowerInvariant();
        await RequireLocalDomainAsync(c, name, cancellationToken);
        return await ReadAsync(c, Row, "SELECT address, target FROM aliases WHERE domain = @p0 ORDER BY address_key, target_key", [name], cancellationToken);
    }

    private static async Task<bool> IsAliasAsync(DbConnection c, string key, CancellationToken ct) =>
        await CountAsync(c, "SELECT count(*) FROM aliases WHERE address_key = @p0", [key], ct) > 0;
}
