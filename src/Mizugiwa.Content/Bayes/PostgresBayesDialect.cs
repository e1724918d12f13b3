using System.Data.Common;
using Mizugiwa.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The dictionaries in PostgreSQL (the directory's database when Directory:Backend is Postgres), shared by
/// every node: a user's marks taken by one node judge that user's mail on all of them.
/// </summary>
internal sealed class PostgresBayesDialect : BayesDialect
{
    private readonly string _connectionString;

    public PostgresBayesDialect(string connectionString) =>
        _connectionString = PostgresConnectionString.Validated(connectionString, "the Bayes store");

    public override DbConnection Open()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public override void EnsureSchema()
    {
        try
        {
            using var connection = (NpgsqlConnection)Open();
            PostgresBayesSchema.Create(connection);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StoreUnavailableException($"cannot open the Bayes store in PostgreSQL ({PostgresConnectionString.Describe(_connectionString)}): {e.Message}", e);
        }
    }

    // "user" is a reserved word in PostgreSQL.
    public override string Owner => "owner";

    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    // One primary-key look-up per hash, whatever the statistics say: "hash = ANY(@hashes)" was planned as a scan of
    // the whole dictionary while a new table had no statistics yet (the first minutes of a bulk training).
    public override string SelectTokens(string columns) =>
        $"SELECT t.* FROM unnest(@hashes) AS h (hash) CROSS JOIN LATERAL (SELECT {columns} FROM bayes_token WHERE dictionary = @d AND bayes_token.hash = h.hash OFFSET 0) AS t";

    public override string NotBelowZero(string expression) => $"GREATEST(0, {expression})";

    // Taken first in each learn: the digest check and the weights read after it see the other node's commit.
    public override string? LockDictionary => "SELECT 1 FROM bayes_dictionary WHERE id = @d FOR UPDATE";

    public override bool WritesTokenLists => true;

    public override string TokenRows => "SELECT @d, t.h, @s, @m, t.w FROM unnest(@h, @w) AS t (h, w)";

    // Relearning only: a dictionary's statistics make this a look-up per hash once it has been analysed.
    public override string TokenHash => "hash = ANY(@h)";

    // Every update of a token row in one transaction leaves a version that cannot be pruned before the commit,
    // and each read of the row walks them: with common tokens ("the") 500 messages per transaction trained the
    // SpamAssassin corpus in 61 s, 25 in 25 s.
    public override int MaxBatchSize => 25;

    // A table without statistics (new, and not yet analysed by autovacuum, which looks once a minute) gets the
    // relearning statements (TokenHash) planned as a scan of the whole dictionary: relearning 2,794 messages took
    // 35 to 53 s without, 25 s with an ANALYZE after the first two batches.
    public override string? RefreshStatistics => "ANALYZE bayes_token";

    public override DbParameter HashListParameter(string name) => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint);

    public override object HashList(IReadOnlyList<long> hashes) => hashes as long[] ?? [.. hashes];

    public override DbParameter RealListParameter(string name) => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Double);

    public override object RealList(IReadOnlyList<double> values) => values as double[] ?? [.. values];

    public override DbParameter TextListParameter(string name, IReadOnlyList<string> values) =>
        new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values as string[] ?? [.. values] };
}
