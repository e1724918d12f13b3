using System.Data;
using System.Data.Common;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The Bayes dictionaries: a global one and one per user, in one SQLite file (DataDirectory/bayes.db,
/// this node's own) or in PostgreSQL (shared by every node). A user's own counts classify that user's
/// mail once it has learned the minimum of both classes; until then the global dictionary does. Every
/// call opens a pooled connection, so one instance is shared by the server, the CLI and the web UI.
/// </summary>
public sealed class BayesStore : IPersonalBayes
{
    public const string FileName = "bayes.db";

    private readonly BayesDialect _dialect;
    private readonly OwnDictionaryWatch _ownDictionaries;

    /// <summary>The dictionaries in the SQLite file <paramref name="databasePath"/>, made when missing.</summary>
    public BayesStore(string databasePath, BayesOptions? options = null, TimeProvider? time = null)
        : this(new SqliteBayesDialect(databasePath), options, time)
    {
    }

    private BayesStore(BayesDialect dialect, BayesOptions? options, TimeProvider? time)
    {
        Options = options ?? BayesOptions.Default;
        _dialect = dialect;
        _ownDictionaries = new OwnDictionaryWatch(time ?? TimeProvider.System);
        _dialect.EnsureSchema();
    }

    public BayesOptions Options { get; }

    public static BayesStore ForDataDirectory(string dataDirectory, BayesOptions? options = null, TimeProvider? time = null) =>
        new(Path.Combine(dataDirectory, FileName), options, time);

    /// <summary>
    /// The dictionaries in the PostgreSQL database of <paramref name="connectionString"/> (Npgsql), tables made
    /// when missing. A database that cannot be reached is a <see cref="Storage.StoreUnavailableException"/> naming it.
    /// </summary>
    public static BayesStore ForPostgres(string connectionString, BayesOptions? options = null, TimeProvider? time = null) =>
        new(new PostgresBayesDialect(connectionString), options, time);

    /// <summary>
    /// Copies every dictionary of the SQLite file <paramref name="databasePath"/> (a node's bayes.db) into this
    /// store; a dictionary that has already learned something here is left as it is (see <see cref="BayesCopy"/>).
    /// </summary>
    /// <exception cref="BayesCopyException">The file is missing or holds no Bayes dictionaries.</exception>
    public async Task<IReadOnlyList<BayesCopyOutcome>> CopyFromSqliteAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(databasePath)) throw new BayesCopyException($"{databasePath}: no such file");
        if (!SqliteBayesDialect.HoldsDictionaries(databasePath)) throw new BayesCopyException($"{databasePath} holds no Bayes dictionaries (not a bayes.db)");
        var source = new SqliteBayesDialect(databasePath);
        source.EnsureSchema(); // a file from before the logistic vote gets its columns, as when a server opens it
        var outcomes = await new BayesCopy(source, _dialect).RunAsync(cancellationToken);
        _ownDictionaries.Changed();
        return outcomes;
    }

    public Task<LearnOutcome> LearnAsync(ContentMessage message, bool spam, string? user, CancellationToken cancellationToken = default) =>
        LearnAsync(BayesTokenizer.Tokenize(message), spam, user, cancellationToken);

    /// <summary>
    /// Learns a message as spam or ham into the user's dictionary (and the global one, unless
    /// <see cref="BayesOptions.UserLearningFeedsGlobal"/> is off), or into the global one for a null user.
    /// The outcome is the one of the dictionary named by <paramref name="user"/>.
    /// </summary>
    public async Task<LearnOutcome> LearnAsync(BayesTokens tokens, bool spam, string? user, CancellationToken cancellationToken = default)
    {
        await using var bulk = BeginBulk(user);
        var outcome = bulk.Learn(tokens, spam);
        bulk.Commit();
        if (user is not null) _ownDictionaries.Changed();
        return outcome;
    }

    /// <summary>
    /// Learns a user's reports, raw messages the user called spam or not spam (the web's buttons, a mail client's
    /// moves into and out of Junk), in one batch; the outcome of each, for the dictionary named by <paramref name="user"/>.
    /// </summary>
    public Task<IReadOnlyList<LearnOutcome>> LearnReportsAsync(IEnumerable<ReadOnlyMemory<byte>> messages, bool spam, string? user,
        CancellationToken cancellationToken = default)
    {
        var outcomes = new List<LearnOutcome>();
        using (var bulk = BeginBulk(user))
        {
            foreach (var raw in messages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(bulk.Learn(BayesTokenizer.Tokenize(ContentMessageReader.Read(raw, ContentEnvelope.None)), spam));
            }
            bulk.Commit();
        }
        if (user is not null) _ownDictionaries.Changed();
        return Task.FromResult<IReadOnlyList<LearnOutcome>>(outcomes);
    }

    /// <summary>A learner for many messages: one connection, batches of <see cref="BayesOptions.BulkBatchSize"/> (at most 25 on PostgreSQL) per transaction.</summary>
    public BayesBulkLearner BeginBulk(string? user) => new(_dialect.Open(), _dialect, NormalizeUser(user), Options);

    public Task<BayesVerdict> ClassifyAsync(ContentMessage message, string? user, CancellationToken cancellationToken = default) =>
        ClassifyAsync(BayesTokenizer.Tokenize(message), user, cancellationToken);

    /// <summary>
    /// Classifies by the user's dictionary when it has learned enough, else by the global one. The logistic
    /// vote joins once that dictionary's regression has learned as many messages as both minimums together
    /// (a dictionary made before the vote existed starts counting then).
    /// </summary>
    public async Task<BayesVerdict> ClassifyAsync(BayesTokens tokens, string? user, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var dictionary = await ChooseDictionaryAsync(connection, NormalizeUser(user), cancellationToken);
        return await JudgeAsync(connection, dictionary, tokens, cancellationToken);
    }

    /// <summary>
    /// For each of <paramref name="users"/> whose own dictionary has learned enough to vote, that dictionary's
    /// verdict (keyed by the user as given); users without one are left out, so the global verdict stands for
    /// them. One query finds the dictionaries; the tokens are those the global classification already made.
    /// While no user's dictionary votes at all (looked up once a minute, see <see cref="OwnDictionaryWatch"/>), no query.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, BayesVerdict>> ClassifyOwnAsync(ContentMessage message, IReadOnlyCollection<string> users, CancellationToken cancellationToken = default)
    {
        var verdicts = new Dictionary<string, BayesVerdict>(StringComparer.Ordinal);
        var keys = users.Where(u => NormalizeUser(u).Length > 0).Distinct().ToList();
        if (keys.Count == 0 || _ownDictionaries.AnyVotes == false) return verdicts;
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        if (_ownDictionaries.AnyVotes is null)
        {
            var anyVotes = await AnyOwnDictionaryVotesAsync(connection, cancellationToken);
            _ownDictionaries.Saw(anyVotes);
            if (!anyVotes) return verdicts;
        }
        var voting = await OwnVotingDictionariesAsync(connection, [.. keys.Select(NormalizeUser).Distinct()], cancellationToken);
        if (voting.Count == 0) return verdicts;
        var tokens = BayesTokenizer.Tokenize(message);
        var judged = new Dictionary<string, BayesVerdict>(StringComparer.Ordinal);
        foreach (var dictionary in voting) judged[dictionary.Name] = await JudgeAsync(connection, dictionary, tokens, cancellationToken);
        foreach (var key in keys)
            if (judged.TryGetValue(NormalizeUser(key), out var verdict)) verdicts[key] = verdict;
        return verdicts;
    }

    private async Task<BayesVerdict> JudgeAsync(DbConnection connection, DictionaryRow dictionary, BayesTokens tokens, CancellationToken cancellationToken)
    {
        if (!Votes(dictionary))
            return new BayesVerdict(null, dictionary.Name, dictionary.SpamLearned, dictionary.HamLearned, 0);
        var probabilities = new List<double>(tokens.Hashes.Count);
        var weights = new List<double>(tokens.Hashes.Count);
        foreach (var (spamWith, hamWith, weight) in await ReadTokensAsync(connection, dictionary.Id, tokens.Hashes, cancellationToken))
        {
            probabilities.Add(FisherCombiner.TokenProbability(spamWith, hamWith, dictionary.SpamLearned, dictionary.HamLearned, Options));
            weights.Add(weight);
        }
        var significant = FisherCombiner.Significant(probabilities, Options);
        var fisher = FisherCombiner.Combine(significant);
        if (!Options.LogisticVotes(dictionary.LogisticLearned))
            return new BayesVerdict(fisher, dictionary.Name, dictionary.SpamLearned, dictionary.HamLearned, significant.Count) { Fisher = fisher };
        var logistic = LogisticVote.Probability(dictionary.Bias, weights);
        return new BayesVerdict(LogisticVote.Combine(fisher, logistic), dictionary.Name, dictionary.SpamLearned, dictionary.HamLearned, significant.Count)
        {
            Fisher = fisher,
            Logistic = logistic,
        };
    }

    private bool Votes(DictionaryRow dictionary) => Options.Votes(dictionary.SpamLearned, dictionary.HamLearned);

    /// <summary>How many spam and ham messages the user's own dictionary has learned (0 and 0 when it has none).</summary>
    public async Task<(long Spam, long Ham)> LearnedByAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT spam_learned, ham_learned FROM bayes_dictionary WHERE id != 0 AND {_dialect.Owner} = @u";
        BayesDialect.AddParameter(command, "@u", DbType.String, NormalizeUser(user));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>Every dictionary's learned counts and token count, the global one first.</summary>
    public async Task<IReadOnlyList<BayesDictionaryStats>> StatsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT d.{_dialect.Owner}, d.spam_learned, d.ham_learned, (SELECT count(*) FROM bayes_token t WHERE t.dictionary = d.id), d.logistic_learned
            FROM bayes_dictionary d ORDER BY d.id = 0 DESC, d.{_dialect.Owner}
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stats = new List<BayesDictionaryStats>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(0);
            stats.Add(new BayesDictionaryStats(user.Length == 0 ? null : user, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return stats;
    }

    /// <summary>A dictionary's row: <see cref="Name"/> is "global" or the user.</summary>
    private sealed record DictionaryRow(long Id, string Name, long SpamLearned, long HamLearned, double Bias, long LogisticLearned);

    private string DictionaryColumns => $"id, {_dialect.Owner}, spam_learned, ham_learned, bias, logistic_learned";

    private static DictionaryRow ReadRow(DbDataReader reader) => new(reader.GetInt64(0), reader.GetInt64(0) == BayesSchema.GlobalDictionary ? "global" : reader.GetString(1),
        reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5));

    private async Task<DictionaryRow> ChooseDictionaryAsync(DbConnection connection, string user, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DictionaryColumns} FROM bayes_dictionary WHERE {_dialect.Owner} IN ('', @u) ORDER BY id DESC";
        BayesDialect.AddParameter(command, "@u", DbType.String, user);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        DictionaryRow? global = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = ReadRow(reader);
            if (row.Id != BayesSchema.GlobalDictionary && Votes(row)) return row;
            if (row.Id == BayesSchema.GlobalDictionary) global = row;
        }
        return global ?? new DictionaryRow(BayesSchema.GlobalDictionary, "global", 0, 0, 0, 0);
    }

    /// <summary><see cref="BayesOptions.Votes"/> in SQL, for any user's dictionary.</summary>
    private async Task<bool> AnyOwnDictionaryVotesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM bayes_dictionary WHERE id != 0 AND spam_learned >= @s AND ham_learned >= @h LIMIT 1";
        BayesDialect.AddParameter(command, "@s", DbType.Int64, (long)Options.MinSpamLearned);
        BayesDialect.AddParameter(command, "@h", DbType.Int64, (long)Options.MinHamLearned);
        return await command.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }

    private async Task<List<DictionaryRow>> OwnVotingDictionariesAsync(DbConnection connection, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DictionaryColumns} FROM bayes_dictionary WHERE id != 0 AND {_dialect.InList(_dialect.Owner, "@users")}";
        command.Parameters.Add(_dialect.TextListParameter("@users", users));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DictionaryRow>();
        while (await reader.ReadAsync(cancellationToken))
            if (ReadRow(reader) is var row && Votes(row)) rows.Add(row);
        return rows;
    }

    private async Task<List<(long Spam, long Ham, double Weight)>> ReadTokensAsync(
        DbConnection connection, long dictionary, IReadOnlyList<long> hashes, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _dialect.SelectTokens("spam, ham, weight");
        BayesDialect.AddParameter(command, "@d", DbType.Int64, dictionary);
        var list = _dialect.HashListParameter("@hashes");
        list.Value = _dialect.HashList(hashes);
        command.Parameters.Add(list);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long, long, double)>(hashes.Count);
        while (await reader.ReadAsync(cancellationToken)) rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2)));
        return rows;
    }

    private static string NormalizeUser(string? user) => user?.Trim().ToLowerInvariant() ?? "";
}

/// <summary>One dictionary's size: <paramref name="User"/> null for the global dictionary; <paramref name="LogisticLearned"/> the messages its logistic vote has learned.</summary>
public sealed record BayesDictionaryStats(string? User, long SpamLearned, long HamLearned, long Tokens, long LogisticLearned);
