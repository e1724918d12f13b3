namespace Mizugiwa.Configuration;

/// <summary>
/// Where the directory (domains, accounts, aliases, API tokens, personal lists, audit log) is kept
/// (section "Directory"): this node's SQLite database, or one PostgreSQL shared by several nodes.
/// </summary>
public sealed class DirectoryOptions
{
    /// <summary>"Sqlite" (the default, in DataDirectory/mizugiwa.db) or "Postgres".</summary>
    public string Backend { get; set; } = "Sqlite";
    /// <summary>Npgsql connection string when Backend is Postgres, e.g. "Host=db1;Database=mizugiwa;Username=mizugiwa;Password=…".</summary>
    public string? ConnectionString { get; set; }
    /// <summary>Quota of accounts that have none of their own, e.g. "2G" or "500M"; unset = no quota.</summary>
    public string? DefaultQuota { get; set; }

    public bool UsesPostgres => Backend.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
}
