using Mizugiwa.Configuration;
using Mizugiwa.Policy.Access;

namespace Mizugiwa.Hosting;

/// <summary>The access lists live with the directory: in its PostgreSQL database when Directory:Backend is Postgres, else in the local SQLite file.</summary>
internal static class AccessStoreFactory
{
    public static IAccessRuleStore Open(MizugiwaOptions options) => options.Directory.UsesPostgres
        ? new PostgresAccessStore(options.Directory.ConnectionString!)
        : new SqliteAccessStore(options.DatabasePath);
}
