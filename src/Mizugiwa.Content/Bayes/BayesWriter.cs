using System.Data;
using System.Data.Common;

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
/// Learns token sets in one open transaction with prepared statements, which is what makes bulk training
/// fast. A message learned again as the other class has its counts moved; counts never go below zero (a
/// message relearned after the tokenizer changed cannot take away more than is there). Learning also takes
/// the logistic vote's step.
/// </summary>
internal sealed class BayesWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly BayesDialect _dialect;
    private readonly DbCommand _findSeen, _addSeen, _addToken, _subtractToken, _pruneToken, _count, _readBias, _readWeights;
    private readonly DbCommand? _lock;
    private readonly BayesOptions _options;

    public BayesWriter(DbConnection connection, BayesDialect dialect, BayesOptions options)
    {
        _connection = connection;
        _dialect = dialect;
        _options = options;
        const Kind Int = Kind.Integer, Real = Kind.Real, Digest = Kind.Bytes;
        _findSeen = Prepare("SELECT spam FROM bayes_seen WHERE dictionary = @d AND digest = @g", ("@d", Int), ("@g", Digest));
        _addSeen = Prepare("INSERT INTO bayes_seen (dictionary, digest, spam) VALUES (@d, @g, @s) ON CONFLICT (dictionary, digest) DO UPDATE SET spam = excluded.spam",
            ("@d", Int), ("@g", Digest), ("@s", Int));
        var lists = dialect.WritesTokenLists;
        (string, Kind) hash = ("@h", lists ? Kind.Hashes : Int), weight = ("@w", lists ? Kind.Reals : Real);
        _addToken = Prepare($"""
            INSERT INTO bayes_token (dictionary, hash, spam, ham, weight) {dialect.TokenRows}
            ON CONFLICT (dictionary, hash) DO UPDATE SET spam = bayes_token.spam + excluded.spam, ham = bayes_token.ham + excluded.ham, weight = bayes_token.weight + excluded.weight
            """, ("@d", Int), hash, ("@s", Int), ("@m", Int), weight);
        _subtractToken = Prepare($"UPDATE bayes_token SET spam = {dialect.NotBelowZero("spam - @s")}, ham = {dialect.NotBelowZero("ham - @m")} WHERE dictionary = @d AND {dialect.TokenHash}",
            ("@d", Int), hash, ("@s", Int), ("@m", Int));
        _pruneToken = Prepare($"DELETE FROM bayes_token WHERE dictionary = @d AND {dialect.TokenHash} AND spam = 0 AND ham = 0", ("@d", Int), hash);
        _count = Prepare($"UPDATE bayes_dictionary SET spam_learned = {dialect.NotBelowZero("spam_learned + @s")}, ham_learned = {dialect.NotBelowZero("ham_learned + @m")}, bias = bias + @b, logistic_learned = logistic_learned + @l WHERE id = @d",
            ("@d", Int), ("@s", Int), ("@m", Int), ("@b", Real), ("@l", Int));
        _readBias = Prepare("SELECT bias FROM bayes_dictionary WHERE id = @d", ("@d", Int));
        _readWeights = Prepare(dialect.SelectTokens("hash, weight"), ("@d", Int), ("@hashes", Kind.Hashes));
        if (dialect.LockDictionary is { } lockSql) _lock = Prepare(lockSql, ("@d", Int));
    }

    public DbTransaction? Transaction
    {
        set
        {
            foreach (var command in Commands) command.Transaction = value;
        }
    }

    public LearnOutcome Learn(long dictionary, BayesTokens tokens, bool spam)
    {
        Lock(dictionary);
        var seen = FindSeen(dictionary, tokens.Digest);
        if (seen == spam) return LearnOutcome.AlreadyLearned;
        if (seen is { } wasSpam) Subtract(dictionary, tokens, wasSpam);
        var (bias, weights) = ReadLogistic(dictionary, tokens.Hashes);
        var error = LogisticVote.Error(LogisticVote.Probability(bias, weights.Values), spam);
        Run(_count, dictionary, Flag(spam), Flag(!spam), LogisticVote.Step(error, 0, _options), _options.LogisticRate > 0 ? 1L : 0L);
        var steps = tokens.Hashes.Select(hash => LogisticVote.Step(error, weights.GetValueOrDefault(hash), _options)).ToArray();
        if (_dialect.WritesTokenLists)
            Run(_addToken, dictionary, _dialect.HashList(tokens.Hashes), Flag(spam), Flag(!spam), _dialect.RealList(steps));
        else
            for (var i = 0; i < steps.Length; i++) Run(_addToken, dictionary, tokens.Hashes[i], Flag(spam), Flag(!spam), steps[i]);
        Run(_addSeen, dictionary, tokens.Digest, Flag(spam));
        return seen is null ? LearnOutcome.Learned : LearnOutcome.Relearned;
    }

    private void Subtract(long dictionary, BayesTokens tokens, bool spam)
    {
        Run(_count, dictionary, -Flag(spam), -Flag(!spam), 0.0, 0L);
        if (_dialect.WritesTokenLists)
        {
            var hashes = _dialect.HashList(tokens.Hashes);
            Run(_subtractToken, dictionary, hashes, Flag(spam), Flag(!spam));
            Run(_pruneToken, dictionary, hashes);
            return;
        }
        foreach (var hash in tokens.Hashes)
        {
            Run(_subtractToken, dictionary, hash, Flag(spam), Flag(!spam));
            Run(_pruneToken, dictionary, hash);
        }
    }

    private void Lock(long dictionary)
    {
        if (_lock is not null) Run(_lock, dictionary);
    }

    private static long Flag(bool value) => value ? 1 : 0;

    /// <summary>The dictionary's bias and the weights of the tokens it has rows for (none read when the vote is off).</summary>
    private (double Bias, Dictionary<long, double> Weights) ReadLogistic(long dictionary, IReadOnlyList<long> hashes)
    {
        var weights = new Dictionary<long, double>(hashes.Count);
        if (_options.LogisticRate == 0) return (0, weights);
        Bind(_readBias, dictionary);
        var bias = _readBias.ExecuteScalar() is double b ? b : 0;
        Bind(_readWeights, dictionary, _dialect.HashList(hashes));
        using var reader = _readWeights.ExecuteReader();
        while (reader.Read()) weights[reader.GetInt64(0)] = reader.GetDouble(1);
        return (bias, weights);
    }

    private bool? FindSeen(long dictionary, byte[] digest)
    {
        Bind(_findSeen, dictionary, digest);
        return _findSeen.ExecuteScalar() is long spam ? spam != 0 : null;
    }

    private static void Run(DbCommand command, params object[] values)
    {
        Bind(command, values);
        command.ExecuteNonQuery();
    }

    private static void Bind(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    private enum Kind { Integer, Real, Bytes, Hashes, Reals }

    /// <param name="parameters">Each parameter's name and kind, in the order <see cref="Bind"/> gets their values.</param>
    /// <remarks>
    /// A statement taking a list is left unprepared, so that it is planned with the list in hand: PostgreSQL's
    /// generic plan, made while the table was small, scanned the whole dictionary and filtered by the list.
    /// </remarks>
    private DbCommand Prepare(string sql, params (string Name, Kind Kind)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, kind) in parameters)
        {
            switch (kind)
            {
                case Kind.Integer: BayesDialect.AddParameter(command, name, DbType.Int64); break;
                case Kind.Real: BayesDialect.AddParameter(command, name, DbType.Double); break;
                case Kind.Bytes: BayesDialect.AddParameter(command, name, DbType.Binary); break;
                case Kind.Hashes: command.Parameters.Add(_dialect.HashListParameter(name)); break;
                default: command.Parameters.Add(_dialect.RealListParameter(name)); break;
            }
        }
        if (parameters.All(p => p.Kind is Kind.Integer or Kind.Real or Kind.Bytes)) command.Prepare();
        return command;
    }

    private IEnumerable<DbCommand> Commands =>
        _lock is null ? [_findSeen, _addSeen, _addToken, _subtractToken, _pruneToken, _count, _readBias, _readWeights]
            : [_lock, _findSeen, _addSeen, _addToken, _subtractToken, _pruneToken, _count, _readBias, _readWeights];

    public void Dispose()
    {
        foreach (var command in Commands) command.Dispose();
    }
}
