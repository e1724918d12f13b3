using Mizugiwa.Configuration;
using Mizugiwa.Storage;

namespace Mizugiwa.Hosting;

/// <summary>Opens the directory the configuration names (Directory:Backend), for the server and every CLI command alike.</summary>
internal static class DirectoryFactory
{
    public static SqlDirectory Open(MizugiwaOptions options) => options.Directory.UsesPostgres
        ? SqlDirectory.OpenPostgres(options.Directory.ConnectionString!, options.Recipients.SubaddressDelimiters)
        : SqlDirectory.OpenSqlite(options.DatabasePath, options.Recipients.SubaddressDelimiters);

    /// <summary>The configured default quota in bytes, or null for none.</summary>
    public static long? DefaultQuota(MizugiwaOptions options) =>
        options.Directory.DefaultQuota is { } quota ? QuotaSize.Parse(quota) : null;
}
