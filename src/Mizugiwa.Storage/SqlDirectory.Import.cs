using Mizugiwa.Core;
using Mizugiwa.Storage.Import;

namespace Mizugiwa.Storage;

/// <summary>Many accounts at once, for <see cref="AccountImporter"/>: what they are checked against, and adding them in one transaction.</summary>
public sealed partial class SqlDirectory
{
    public async Task<ImportTargets> GetImportTargetsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var domains = await ReadAsync(c, r => r.GetString(0), "SELECT name FROM domains", [], cancellationToken);
        var accounts = await ReadAsync(c, r => r.GetString(0), "SELECT address_key FROM accounts", [], cancellationToken);
        var aliases = await ReadAsync(c, r => r.GetString(0), "SELECT DISTINCT address_key FROM aliases", [], cancellationToken);
        return new ImportTargets(domains.ToHashSet(StringComparer.Ordinal), accounts.ToHashSet(StringComparer.Ordinal), aliases.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Adds all <paramref name="accounts"/> in one transaction: if any cannot be added (domain not local,
    /// address taken meanwhile) none is, and a <see cref="DirectoryException"/> names it.
    /// </summary>
    public async Task AddAccountsAsync(IReadOnlyList<NewAccount> accounts, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            var a = DirectoryAddress.Parse(account.Address);
            if (domains.Add(a.Domain)) await RequireLocalDomainAsync(c, a.Domain, cancellationToken);
            if (await IsAccountAsync(c, a.Key, cancellationToken)) throw new DirectoryException($"account {a.Text} already exists");
            if (await IsAliasAsync(c, a.Key, cancellationToken)) throw new DirectoryException($"{a.Text} is already an alias");
            await ExecuteAsync(c, """
                INSERT INTO accounts (address_key, address, domain, password_hash, scram_sha256, display_name, forward, filter_mode)
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)
                """,
                [a.Key, a.Text, a.Domain, account.PasswordHash, Nullable(account.ScramSha256), Nullable(account.DisplayName),
                 Nullable(ForwardColumn.Join(account.Forward)),
                 Nullable(account.FilterMode is { } mode ? FilterModes.Name(mode) : null)], cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;
}

/// <summary>An account to add with everything stored about it; <see cref="ScramSha256"/> is null for an imported hash.</summary>
public sealed record NewAccount(string Address, string PasswordHash, string? ScramSha256, string? DisplayName, IReadOnlyList<string> Forward, FilterMode? FilterMode);
