using System.Data.Common;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>
/// The directory of local domains, accounts and aliases, in SQLite (<see cref="OpenSqlite"/>, the
/// embedded default) or PostgreSQL (<see cref="OpenPostgres"/>, one directory for several nodes).
/// Both run the same statements; <see cref="DirectoryDialect"/> holds the little that differs.
/// Every call opens a pooled connection, so one instance may be shared by all sessions.
/// </summary>
public sealed partial class SqlDirectory : IRecipientDirectory
{
    private readonly DirectoryDialect _dialect;
    private readonly char[] _subaddressDelimiters;

    private SqlDirectory(DirectoryDialect dialect, string subaddressDelimiters)
    {
        _dialect = dialect;
        _subaddressDelimiters = subaddressDelimiters.ToCharArray();
        dialect.CreateSchema();
    }

    /// <summary>Opens (creating when needed) the SQLite database at <paramref name="databasePath"/>.</summary>
    /// <param name="subaddressDelimiters">Characters that start a sub-address (user+tag@); empty turns sub-addressing off.</param>
    public static SqlDirectory OpenSqlite(string databasePath, string subaddressDelimiters = "+") =>
        new(new SqlDirectoryDialect(databasePath), subaddressDelimiters);

    /// <summary>Opens the PostgreSQL database <paramref name="connectionString"/> names, creating the tables when missing.</summary>
    /// <exception cref="DirectoryException">The connection string is bad or the schema is newer than this program.</exception>
    /// <exception cref="StoreUnavailableException">The server cannot be reached.</exception>
    public static SqlDirectory OpenPostgres(string connectionString, string subaddressDelimiters = "+") =>
        new(new PostgresDirectoryDialect(connectionString), subaddressDelimiters);

    public async Task AddDomainAsync(string domain, CancellationToken cancellationToken)
    {
        var name = DirectoryAddress.ParseDomain(domain);
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        if (await IsLocalDomainAsync(c, name, cancellationToken)) throw new DirectoryException($"domain {name} already exists");
        await ExecuteAsync(c, "INSERT INTO domains (name) VALUES (@p0)", [name], cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Removes a domain; with <paramref name="force"/> also its accounts and aliases, else those are an error.</summary>
    public async Task RemoveDomainAsync(string domain, bool force, CancellationToken cancellationToken)
    {
        var name = domain.ToLowerInvariant();
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await RequireLocalDomainAsync(c, name, cancellationToken);
        var accounts = await CountAsync(c, "SELECT count(*) FROM accounts WHERE domain = @p0", [name], cancellationToken);
        var aliases = await CountAsync(c, "SELECT count(DISTINCT address_key) FROM aliases WHERE domain = @p0", [name], cancellationToken);
        if (accounts + aliases > 0 && !force)
            throw new DirectoryException($"domain {name} still has {accounts} account(s) and {aliases} alias(es)");
        await ExecuteAsync(c, "DELETE FROM accounts WHERE domain = @p0", [name], cancellationToken);
        await ExecuteAsync(c, "DELETE FROM aliases WHERE domain = @p0", [name], cancellationToken);
        await ExecuteAsync(c, "DELETE FROM domains WHERE name = @p0", [name], cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ReadAsync(c, r => r.GetString(0), "SELECT name FROM domains ORDER BY name", [], cancellationToken);
    }

    private static async Task<bool> IsLocalDomainAsync(DbConnection c, string domain, CancellationToken ct) =>
        await CountAsync(c, "SELECT count(*) FROM domains WHERE name = @p0", [domain], ct) > 0;

    private static async Task RequireLocalDomainAsync(DbConnection c, string domain, CancellationToken ct)
    {
        if (!await IsLocalDomainAsync(c, domain, ct)) throw new DirectoryException($"domain {domain} is not a local domain");
    }
}
