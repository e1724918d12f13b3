using Microsoft.Data.Sqlite;
using Mizugiwa.Core;

namespace Mizugiwa.Storage.Tests;

/// <summary>A <see cref="SqliteDirectory"/> in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mizugiwa-storage-" + Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Folder, "sub", "mizugiwa.db");
    public SqliteDirectory Directory { get; }

    public TempDirectory(string subaddressDelimiters = "+") => Directory = new SqliteDirectory(DatabasePath, subaddressDelimiters);

    public async Task<RecipientResolution> ResolveAsync(string address) =>
        await Directory.ResolveAsync(SmtpAddress.TryParse(address, allowUtf8: true, out _)!, CancellationToken.None);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Folder, recursive: true);
    }
}
