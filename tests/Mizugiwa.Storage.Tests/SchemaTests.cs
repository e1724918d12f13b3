using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private object? Scalar(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_temp.DatabasePath}");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void DatabaseIsCreatedInWalModeWithASchemaVersion()
    {
        Assert.True(File.Exists(_temp.DatabasePath));
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar("SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task ReopeningKeepsTheData()
    {
        await _temp.Directory.AddDomainAsync("example.test", CancellationToken.None);
        var reopened = new SqliteDirectory(_temp.DatabasePath);
        Assert.Equal(["example.test"], await reopened.ListDomainsAsync(CancellationToken.None));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void NewerSchemaIsRefused()
    {
        Scalar("UPDATE schema_version SET version = 99");
        var e = Assert.Throws<DirectoryException>(() => new SqliteDirectory(_temp.DatabasePath));
        Assert.Contains("schema version 99", e.Message);
    }
}
