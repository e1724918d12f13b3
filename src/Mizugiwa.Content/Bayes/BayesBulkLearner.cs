using System.Data;
using System.Data.Common;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Learns many messages over one connection, committing every <see cref="BayesOptions.BulkBatchSize"/>
/// messages (at most 25 on PostgreSQL) and at <see cref="Commit"/>; what was not committed is rolled back on dispose.
/// </summary>
public sealed class BayesBulkLearner : IAsyncDisposable, IDisposable
{
    private readonly DbConnection _connection;
    private readonly BayesWriter _writer;
    private readonly BayesOptions _options;
    private readonly int _batchSize;
    private readonly long? _userDictionary;
    private readonly string? _refreshStatistics;
    private DbTransaction? _transaction;
    private int _pending;
    private int _batches;

    internal BayesBulkLearner(DbConnection connection, BayesDialect dialect, string user, BayesOptions options)
    {
        _connection = connection;
        _options = options;
        _batchSize = Math.Min(options.BulkBatchSize, dialect.MaxBatchSize);
        _refreshStatistics = dialect.RefreshStatistics;
        _writer = new BayesWriter(connection, dialect, options);
        if (user.Length > 0) _userDictionary = DictionaryId(connection, dialect, user);
    }

    public LearnOutcome Learn(BayesTokens tokens, bool spam)
    {
        Begin();
        var outcome = _writer.Learn(_userDictionary ?? BayesSchema.GlobalDictionary, tokens, spam);
        if (_userDictionary is not null && _options.UserLearningFeedsGlobal) _writer.Learn(BayesSchema.GlobalDictionary, tokens, spam);
        Counted();
        return outcome;
    }

    public void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        _pending = 0;
    }

    private void Begin()
    {
        if (_transaction is not null) return;
        _transaction = _connection.BeginTransaction();
        _writer.Transaction = _transaction;
    }

    private void Counted()
    {
        if (++_pending < _batchSize) return;
        Commit();
        if (++_batches == 2) RefreshStatistics();
    }

    /// <summary>See <see cref="BayesDialect.RefreshStatistics"/>; a learn of one message never gets here.</summary>
    private void RefreshStatistics()
    {
        if (_refreshStatistics is null) return;
        using var command = _connection.CreateCommand();
        command.CommandText = _refreshStatistics;
        command.ExecuteNonQuery();
    }

    /// <summary>The user's dictionary, made when missing; two nodes making it at once both get the one row.</summary>
    private static long DictionaryId(DbConnection connection, BayesDialect dialect, string user)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO bayes_dictionary ({dialect.Owner}) VALUES (@u) ON CONFLICT DO NOTHING";
        BayesDialect.AddParameter(insert, "@u", DbType.String, user);
        insert.ExecuteNonQuery();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT id FROM bayes_dictionary WHERE {dialect.Owner} = @u";
        BayesDialect.AddParameter(select, "@u", DbType.String, user);
        return (long)select.ExecuteScalar()!;
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _writer.Dispose();
        _connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
