using Microsoft.Data.Sqlite;
using Mizugiwa.Testing;
using Npgsql;

namespace Mizugiwa.Storage.Tests;

/// <summary>The SQLite schema: WAL, the version check, and columns added to older databases.</summary>
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
        var reopened = SqlDirectory.OpenSqlite(_temp.DatabasePath);
        Assert.Equal(["example.test"], await reopened.ListDomainsAsync(CancellationToken.None));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void NewerSchemaIsRefused()
    {
        Scalar("UPDATE schema_version SET version = 99");
        var e = Assert.Throws<DirectoryException>(() => SqlDirectory.OpenSqlite(_temp.DatabasePath));
        Assert.Contains("schema version 99", e.Message);
    }

    [Fact]
    public async Task An_older_database_gets_the_scram_column_when_opened()
    {
        var folder = Path.Combine(_temp.Folder, "old");
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "mizugiwa.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                INSERT INTO schema_version VALUES (1);
                CREATE TABLE domains (name TEXT PRIMARY KEY) WITHOUT ROWID;
                INSERT INTO domains VALUES ('example.test');
                CREATE TABLE accounts (address_key TEXT PRIMARY KEY, address TEXT NOT NULL, domain TEXT NOT NULL, password_hash TEXT NOT NULL);
                INSERT INTO accounts VALUES ('carol@example.test', 'carol@example.test', 'example.test', 'h');
                """;
            command.ExecuteNonQuery();
        }
        var directory = SqlDirectory.OpenSqlite(path);
        var carol = await directory.GetCredentialsAsync("carol@example.test", CancellationToken.None);
        Assert.Equal("h", carol!.PasswordHash);
        Assert.Null(carol.ScramSha256);
        await directory.SetPasswordAsync("carol@example.test", PasswordCredentials.Create("pw"), CancellationToken.None);
        Assert.NotNull((await directory.GetCredentialsAsync("carol@example.test", CancellationToken.None))!.Scram);
        _ = SqlDirectory.OpenSqlite(path); // opening again does not add the column twice
    }
}

/// <summary>The PostgreSQL schema: created when missing, kept when there, refused when newer, and a clear error when unreachable.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Two_nodes_opening_one_empty_database_at_once_share_one_directory()
    {
        var connectionString = postgres.Server.NewSchema();
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqlDirectory.OpenPostgres(connectionString))));
        await opened[0].AddDomainAsync("example.test", Ct);
        await opened[0].AddAccountAsync("bob@example.test", "h", Ct);
        Assert.Equal(["bob@example.test"], await opened[3].ListAccountsAsync(null, Ct));
        Assert.Equal(1L, Scalar(connectionString, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void NewerSchemaIsRefused()
    {
        var connectionString = postgres.Server.NewSchema();
        _ = SqlDirectory.OpenPostgres(connectionString);
        Scalar(connectionString, "UPDATE schema_version SET version = 99");
        var e = Assert.Throws<DirectoryException>(() => SqlDirectory.OpenPostgres(connectionString));
        Assert.Contains("schema version 99", e.Message);
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_error_without_the_password()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=postgres;Password=s3cret;Database=dir;Timeout=1";
        var e = Assert.Throws<StoreUnavailableException>(() => SqlDirectory.OpenPostgres(unreachable));
        Assert.StartsWith("cannot open the PostgreSQL directory (host 127.0.0.1", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [Fact]
    public void A_bad_connection_string_is_a_clear_error()
    {
        var e = Assert.Throws<DirectoryException>(() => SqlDirectory.OpenPostgres("Hostt=db1"));
        Assert.StartsWith("the PostgreSQL connection string of the directory is not valid", e.Message);
    }

    private static object? Scalar(string connectionString, string sql)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        return command.ExecuteScalar();
    }
}
