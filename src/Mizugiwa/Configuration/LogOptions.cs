namespace Mizugiwa.Configuration;

/// <summary>Where the transaction log goes (section "Log"): this node's SQLite database, or one PostgreSQL for all nodes.</summary>
public sealed class LogOptions
{
    /// <summary>"Sqlite" (the default, in DataDirectory/mizugiwa.db) or "Postgres".</summary>
    public string Backend { get; set; } = "Sqlite";
    /// <summary>Npgsql connection string when Backend is Postgres, e.g. "Host=db1;Database=mizugiwa;Username=mizugiwa;Password=…".</summary>
    public string? ConnectionString { get; set; }

    public bool UsesPostgres => Backend.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
}
