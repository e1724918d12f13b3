using Microsoft.Data.Sqlite;
using Mizugiwa.Core;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests;

/// <summary>
/// A fresh, empty <see cref="SqlDirectory"/>: in SQLite in a temporary folder, or, given a
/// <paramref name="postgres"/> server, in a PostgreSQL schema of its own (cheaper than a database per test).
/// The folder is there either way, for tests that need files.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(PostgresServer? postgres = null, string subaddressDelimiters = "+")
    {
        System.IO.Directory.CreateDirectory(Folder);
        Directory = postgres is null
            ? SqlDirectory.OpenSqlite(DatabasePath, subaddressDelimiters)
            : SqlDirectory.OpenPostgres(postgres.NewSchema(), subaddressDelimiters);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mizugiwa-storage-" + Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Folder, "sub", "mizugiwa.db");
    public SqlDirectory Directory { get; }

    public async Task<RecipientResolution> ResolveAsync(string address) =>
        await Directory.ResolveAsync(SmtpAddress.TryParse(address, allowUtf8: true, out _)!, CancellationToken.None);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Folder)) System.IO.Directory.Delete(Folder, recursive: true);
    }
}
