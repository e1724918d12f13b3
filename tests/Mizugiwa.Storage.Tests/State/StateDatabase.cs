using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>A SQLite file path in a fresh temporary folder, deleted afterwards.</summary>
public sealed class StateDatabase : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mizugiwa-state-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(_folder, "state.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
