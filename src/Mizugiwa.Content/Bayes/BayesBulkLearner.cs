using Microsoft.Data.Sqlite;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Learns many messages over one connection, committing every <see cref="BayesOptions.BulkBatchSize"/>
/// messages and at <see cref="Commit"/>; what was not committed is rolled back on dispose.
/// </summary>
public sealed class BayesBulkLearner : IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly BayesWriter _writer;
    private readonly BayesOptions _options;
    private readonly long? _userDictionary;
    private SqliteTransaction? _transaction;
    private int _pending;

    internal BayesBulkLearner(SqliteConnection connection, string user, BayesOptions options)
    {
        _connection = connection;
        _options = options;
        _writer = new BayesWriter(connection, options);
        if (user.Length > 0) _userDictionary = DictionaryId(connection, user);
    }

    public LearnOutcome Learn(BayesTokens tokens, bool spam)
    {
        Begin();
        var outcome = _writer.Learn(_userDictionary ?? BayesSchema.GlobalDictionary, tokens, spam);
        if (_userDictionary is not null && _options.UserLearningFeedsGlobal) _writer.Learn(BayesSchema.GlobalDictionary, tokens, spam);
        Counted();
        return outcome;
    }

    public bool Unlearn(BayesTokens tokens)
    {
        Begin();
        var unlearned = _writer.Unlearn(_userDictionary ?? BayesSchema.GlobalDictionary, tokens);
        if (_userDictionary is not null && _options.UserLearningFeedsGlobal) _writer.Unlearn(BayesSchema.GlobalDictionary, tokens);
        Counted();
        return unlearned;
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
        if (++_pending >= _options.BulkBatchSize) Commit();
    }

    private static long DictionaryId(SqliteConnection connection, string user)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO bayes_dictionary (user) VALUES ($u); SELECT id FROM bayes_dictionary WHERE user = $u";
        command.Parameters.AddWithValue("$u", user);
        return (long)command.ExecuteScalar()!;
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
