using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The Bayes dictionaries in one SQLite file (DataDirectory/bayes.db): a global one and one per user.
/// A user's own counts classify that user's mail once it has learned the minimum of both classes;
/// until then the global dictionary does. Every call opens a pooled connection, so one instance is
/// shared by the server, the CLI and the web UI; WAL lets classification read while training writes.
/// </summary>
public sealed class BayesStore : IPersonalBayes
{
    public const string FileName = "bayes.db";

    private readonly string _connectionString;

    public BayesStore(string databasePath, BayesOptions? options = null)
    {
        Options = options ?? BayesOptions.Default;
        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        BayesSchema.Ensure(connection);
    }

    public BayesOptions Options { get; }

    public static BayesStore ForDataDirectory(string dataDirectory, BayesOptions? options = null) =>
        new(Path.Combine(dataDirectory, FileName), options);

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
        return outcome;
    }

    public Task<bool> UnlearnAsync(ContentMessage message, string? user, CancellationToken cancellationToken = default) =>
        UnlearnAsync(BayesTokenizer.Tokenize(message), user, cancellationToken);

    /// <summary>Forgets a learned message (in the same dictionaries as learning); false when the user's (or global) dictionary had not learned it.</summary>
    public async Task<bool> UnlearnAsync(BayesTokens tokens, string? user, CancellationToken cancellationToken = default)
    {
        await using var bulk = BeginBulk(user);
        var unlearned = bulk.Unlearn(tokens);
        bulk.Commit();
        return unlearned;
    }

    /// <summary>A learner for many messages: one connection, batches of <see cref="BayesOptions.BulkBatchSize"/> per transaction.</summary>
    public BayesBulkLearner BeginBulk(string? user) => new(Open(), NormalizeUser(user), Options);

    public Task<BayesVerdict> ClassifyAsync(ContentMessage message, string? user, CancellationToken cancellationToken = default) =>
        ClassifyAsync(BayesTokenizer.Tokenize(message), user, cancellationToken);

    /// <summary>
    /// Classifies by the user's dictionary when it has learned enough, else by the global one. The logistic
    /// vote joins once that dictionary's regression has learned as many messages as both minimums together
    /// (a dictionary made before the vote existed starts counting then).
    /// </summary>
    public async Task<BayesVerdict> ClassifyAsync(BayesTokens tokens, string? user, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var dictionary = await ChooseDictionaryAsync(connection, NormalizeUser(user), cancellationToken);
        return await JudgeAsync(connection, dictionary, tokens, cancellationToken);
    }

    /// <summary>
    /// For each of <paramref name="users"/> whose own dictionary has learned enough to vote, that dictionary's
    /// verdict (keyed by the user as given); users without one are left out, so the global verdict stands for
    /// them. One query finds the dictionaries; the tokens are those the global classification already made.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, BayesVerdict>> ClassifyOwnAsync(ContentMessage message, IReadOnlyCollection<string> users, CancellationToken cancellationToken = default)
    {
        var verdicts = new Dictionary<string, BayesVerdict>(StringComparer.Ordinal);
        var keys = users.Where(u => NormalizeUser(u).Length > 0).Distinct().ToList();
        if (keys.Count == 0) return verdicts;
        await using var connection = Open();
        var voting = await OwnVotingDictionariesAsync(connection, [.. keys.Select(NormalizeUser).Distinct()], cancellationToken);
        if (voting.Count == 0) return verdicts;
        var tokens = BayesTokenizer.Tokenize(message);
        var judged = new Dictionary<string, BayesVerdict>(StringComparer.Ordinal);
        foreach (var dictionary in voting) judged[dictionary.Name] = await JudgeAsync(connection, dictionary, tokens, cancellationToken);
        foreach (var key in keys)
            if (judged.TryGetValue(NormalizeUser(key), out var verdict)) verdicts[key] = verdict;
        return verdicts;
    }

    private async Task<BayesVerdict> JudgeAsync(SqliteConnection connection, DictionaryRow dictionary, BayesTokens tokens, CancellationToken cancellationToken)
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
        if (Options.LogisticRate == 0 || dictionary.LogisticLearned < Options.MinSpamLearned + Options.MinHamLearned)
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
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT spam_learned, ham_learned FROM bayes_dictionary WHERE id != 0 AND user = $u";
        command.Parameters.AddWithValue("$u", NormalizeUser(user));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>Every dictionary's learned counts and token count, the global one first.</summary>
    public async Task<IReadOnlyList<BayesDictionaryStats>> StatsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.user, d.spam_learned, d.ham_learned, (SELECT count(*) FROM bayes_token t WHERE t.dictionary = d.id), d.logistic_learned
            FROM bayes_dictionary d ORDER BY d.id = 0 DESC, d.user
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

    private const string DictionaryColumns = "id, user, spam_learned, ham_learned, bias, logistic_learned";

    private static DictionaryRow ReadRow(SqliteDataReader reader) => new(reader.GetInt64(0), reader.GetInt64(0) == BayesSchema.GlobalDictionary ? "global" : reader.GetString(1),
        reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5));

    private async Task<DictionaryRow> ChooseDictionaryAsync(SqliteConnection connection, string user, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DictionaryColumns} FROM bayes_dictionary WHERE user IN ('', $u) ORDER BY id DESC";
        command.Parameters.AddWithValue("$u", user);
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

    private async Task<List<DictionaryRow>> OwnVotingDictionariesAsync(SqliteConnection connection, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DictionaryColumns} FROM bayes_dictionary WHERE id != 0 AND user IN (SELECT value FROM json_each($users))";
        command.Parameters.AddWithValue("$users", JsonSerializer.Serialize(users));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DictionaryRow>();
        while (await reader.ReadAsync(cancellationToken))
            if (ReadRow(reader) is var row && Votes(row)) rows.Add(row);
        return rows;
    }

    private static async Task<List<(long Spam, long Ham, double Weight)>> ReadTokensAsync(
        SqliteConnection connection, long dictionary, IReadOnlyList<long> hashes, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT spam, ham, weight FROM bayes_token WHERE dictionary = $d AND hash IN (SELECT value FROM json_each($hashes))";
        command.Parameters.AddWithValue("$d", dictionary);
        command.Parameters.AddWithValue("$hashes", HashList.Json(hashes));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long, long, double)>(hashes.Count);
        while (await reader.ReadAsync(cancellationToken)) rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2)));
        return rows;
    }

    private static string NormalizeUser(string? user) => user?.Trim().ToLowerInvariant() ?? "";

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        BayesSchema.Configure(connection);
        return connection;
    }
}

/// <summary>One dictionary's size: <paramref name="User"/> null for the global dictionary; <paramref name="LogisticLearned"/> the messages its logistic vote has learned.</summary>
public sealed record BayesDictionaryStats(string? User, long SpamLearned, long HamLearned, long Tokens, long LogisticLearned);
