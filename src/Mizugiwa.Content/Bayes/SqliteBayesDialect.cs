using System.Data.Common;
using Microsoft.Data.Sqlite;
using Mizugiwa.Storage;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The dictionaries in one SQLite file (DataDirectory/bayes.db), the embedded default: pooled connections,
/// WAL so that classification reads while training writes, lists passed as JSON arrays.
/// </summary>
internal sealed class SqliteBayesDialect : BayesDialect
{
    private readonly string _connectionString;

    public SqliteBayesDialect(string databasePath)
    {
        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Whether the SQLite file at <paramref name="databasePath"/> holds Bayes dictionaries (opened read-only).</summary>
    public static bool HoldsDictionaries(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            return SqliteTables.Exists(connection, "bayes_dictionary");
        }
        catch (SqliteException)
        {
            return false; // not a database at all
        }
    }

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        BayesSchema.Configure(connection);
        return connection;
    }

    // Microsoft.Data.Sqlite opens synchronously either way.
    public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => Task.FromResult(Open());

    public override void EnsureSchema()
    {
        using var connection = (SqliteConnection)Open();
        BayesSchema.Ensure(connection);
    }

    // The files made before PostgreSQL was supported call it "user"; it stays so.
    public override string Owner => "user";

    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override string SelectTokens(string columns) => $"SELECT {columns} FROM bayes_token WHERE dictionary = @d AND {InList("hash", "@hashes")}";

    public override string NotBelowZero(string expression) => $"max(0, {expression})";

    // BeginTransaction takes SQLite's write lock at once (BEGIN IMMEDIATE): one writer at a time already.
    public override string? LockDictionary => null;

    public override bool WritesTokenLists => false;

    public override string TokenRows => "VALUES (@d, @h, @s, @m, @w)";

    public override string TokenHash => "hash = @h";

    public override int MaxBatchSize => int.MaxValue;

    // Every statement finds its rows by the primary key, whatever the statistics say.
    public override string? RefreshStatistics => null;

    public override DbParameter HashListParameter(string name) => new SqliteParameter(name, SqliteType.Text);

    public override object HashList(IReadOnlyList<long> hashes) => Bayes.HashList.Json(hashes);

    public override DbParameter RealListParameter(string name) => new SqliteParameter(name, SqliteType.Text);

    public override object RealList(IReadOnlyList<double> values) => System.Text.Json.JsonSerializer.Serialize(values);

    public override DbParameter TextListParameter(string name, IReadOnlyList<string> values) =>
        new SqliteParameter(name, SqliteType.Text) { Value = System.Text.Json.JsonSerializer.Serialize(values) };
}
