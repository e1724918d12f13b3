using Microsoft.Data.Sqlite;

namespace Mizugiwa.Content.Bayes;

/// <summary>How a learn call changed the dictionary.</summary>
public enum LearnOutcome
{
    /// <summary>The message was new to the dictionary and is now counted.</summary>
    Learned,
    /// <summary>The message had been learned as the same class: nothing changed.</summary>
    AlreadyLearned,
    /// <summary>The message had been learned as the other class: it was moved.</summary>
    Relearned,
}

/// <summary>
/// Learns and unlearns token sets in one open transaction with prepared statements, which is what
/// makes bulk training fast. Counts never go below zero (a message unlearned after the tokenizer
/// changed cannot take away more than is there). Learning also takes the logistic vote's step; unlearning
/// takes counts away only, since a regression cannot subtract one message (later learning corrects it).
/// </summary>
internal sealed class BayesWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _findSeen, _addSeen, _removeSeen, _addToken, _subtractToken, _pruneToken, _count, _readBias, _readWeights;
    private readonly BayesOptions _options;

    public BayesWriter(SqliteConnection connection, BayesOptions options)
    {
        _connection = connection;
        _options = options;
        _findSeen = Prepare("SELECT spam FROM bayes_seen WHERE dictionary = $d AND digest = $g", "$d", "$g");
        _addSeen = Prepare("INSERT OR REPLACE INTO bayes_seen (dictionary, digest, spam) VALUES ($d, $g, $s)", "$d", "$g", "$s");
        _removeSeen = Prepare("DELETE FROM bayes_seen WHERE dictionary = $d AND digest = $g", "$d", "$g");
        _addToken = Prepare("""
            INSERT INTO bayes_token (dictionary, hash, spam, ham, weight) VALUES ($d, $h, $s, $m, $w)
            ON CONFLICT (dictionary, hash) DO UPDATE SET spam = spam + excluded.spam, ham = ham + excluded.ham, weight = weight + excluded.weight
            """, "$d", "$h", "$s", "$m", "$w");
        _subtractToken = Prepare("UPDATE bayes_token SET spam = max(0, spam - $s), ham = max(0, ham - $m) WHERE dictionary = $d AND hash = $h",
            "$d", "$h", "$s", "$m");
        _pruneToken = Prepare("DELETE FROM bayes_token WHERE dictionary = $d AND hash = $h AND spam = 0 AND ham = 0", "$d", "$h");
        _count = Prepare("UPDATE bayes_dictionary SET spam_learned = max(0, spam_learned + $s), ham_learned = max(0, ham_learned + $m), bias = bias + $b, logistic_learned = logistic_learned + $l WHERE id = $d",
            "$d", "$s", "$m", "$b", "$l");
        _readBias = Prepare("SELECT bias FROM bayes_dictionary WHERE id = $d", "$d");
        _readWeights = Prepare("SELECT hash, weight FROM bayes_token WHERE dictionary = $d AND hash IN (SELECT value FROM json_each($hashes))", "$d", "$hashes");
    }

    public SqliteTransaction? Transaction
    {
        set
        {
            foreach (var command in Commands) command.Transaction = value;
        }
    }

    public LearnOutcome Learn(long dictionary, BayesTokens tokens, bool spam)
    {
        var seen = FindSeen(dictionary, tokens.Digest);
        if (seen == spam) return LearnOutcome.AlreadyLearned;
        if (seen is { } wasSpam) Subtract(dictionary, tokens, wasSpam);
        var (bias, weights) = ReadLogistic(dictionary, tokens.Hashes);
        var error = LogisticVote.Error(LogisticVote.Probability(bias, weights.Values), spam);
        Run(_count, dictionary, spam ? 1 : 0, spam ? 0 : 1, LogisticVote.Step(error, 0, _options), _options.LogisticRate > 0 ? 1 : 0);
        foreach (var hash in tokens.Hashes)
            Run(_addToken, dictionary, hash, spam ? 1 : 0, spam ? 0 : 1, LogisticVote.Step(error, weights.GetValueOrDefault(hash), _options));
        Run(_addSeen, dictionary, tokens.Digest, spam ? 1 : 0);
        return seen is null ? LearnOutcome.Learned : LearnOutcome.Relearned;
    }

    /// <summary>Takes a learned message out again; false when the dictionary had not learned it.</summary>
    public bool Unlearn(long dictionary, BayesTokens tokens)
    {
        if (FindSeen(dictionary, tokens.Digest) is not { } wasSpam) return false;
        Subtract(dictionary, tokens, wasSpam);
        Run(_removeSeen, dictionary, tokens.Digest);
        return true;
    }

    private void Subtract(long dictionary, BayesTokens tokens, bool spam)
    {
        Run(_count, dictionary, spam ? -1 : 0, spam ? 0 : -1, 0.0, 0);
        foreach (var hash in tokens.Hashes)
        {
            Run(_subtractToken, dictionary, hash, spam ? 1 : 0, spam ? 0 : 1);
            Run(_pruneToken, dictionary, hash);
        }
    }

    /// <summary>The dictionary's bias and the weights of the tokens it has rows for (none read when the vote is off).</summary>
    private (double Bias, Dictionary<long, double> Weights) ReadLogistic(long dictionary, IReadOnlyList<long> hashes)
    {
        var weights = new Dictionary<long, double>(hashes.Count);
        if (_options.LogisticRate == 0) return (0, weights);
        Bind(_readBias, dictionary);
        var bias = _readBias.ExecuteScalar() is double b ? b : 0;
        Bind(_readWeights, dictionary, HashList.Json(hashes));
        using var reader = _readWeights.ExecuteReader();
        while (reader.Read()) weights[reader.GetInt64(0)] = reader.GetDouble(1);
        return (bias, weights);
    }

    private bool? FindSeen(long dictionary, byte[] digest)
    {
        Bind(_findSeen, dictionary, digest);
        return _findSeen.ExecuteScalar() is long spam ? spam != 0 : null;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        Bind(command, values);
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private IEnumerable<SqliteCommand> Commands => [_findSeen, _addSeen, _removeSeen, _addToken, _subtractToken, _pruneToken, _count, _readBias, _readWeights];

    public void Dispose()
    {
        foreach (var command in Commands) command.Dispose();
    }
}
