using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Storage;
using Mizugiwa.Testing;
using static Mizugiwa.Content.Tests.Bayes.BayesMessages;
using Npgsql;

namespace Mizugiwa.Content.Tests.Bayes;

/// <summary>Two nodes (two stores) on one PostgreSQL database share the dictionaries.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedPostgresBayesTests(PostgresFixture postgres) : IDisposable
{
    private const string Alice = "alice@example.com";
    private static readonly BayesOptions Small = BayesOptions.Default with { MinSpamLearned = 3, MinHamLearned = 3 };
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly BayesPlace _place = BayesPlace.For(postgres.Server);

    public void Dispose() => _place.Dispose();

    [Fact]
    public async Task A_users_marks_taken_by_one_node_judge_that_users_mail_on_the_other()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", CultureInfo.InvariantCulture));
        var nodeA = _place.Open(Small with { UserLearningFeedsGlobal = false });
        var nodeB = _place.Open(Small, time);
        for (var i = 0; i < 3; i++)
        {
            await nodeB.LearnAsync(Spam(i), true, null);
            await nodeB.LearnAsync(Ham(i), false, null);
        }
        var probe = BayesMessages.Plain("meeting", "project review agenda");
        Assert.Empty(await nodeB.ClassifyOwnAsync(probe, [Alice]));

        // Alice marks the meeting mail as spam (and the pills as wanted) through node A's web UI.
        for (var i = 10; i < 13; i++)
        {
            await nodeA.LearnAsync(Ham(i), true, Alice);
            await nodeA.LearnAsync(Spam(i), false, Alice);
        }

        time.Advance(TimeSpan.FromMinutes(1)); // node B looks again for voting own dictionaries once a minute
        var own = await nodeB.ClassifyOwnAsync(probe, [Alice]);
        var forAlice = await nodeB.ClassifyAsync(probe, Alice);
        var global = await nodeB.ClassifyAsync(probe, null);

        Assert.Equal(Alice, own[Alice].Dictionary);
        Assert.True(own[Alice].Probability > 0.9, $"p={own[Alice].Probability}");
        Assert.Equal(own[Alice], forAlice);
        Assert.True(global.Probability < 0.1, $"global p={global.Probability}");
    }

    [Fact]
    public async Task Two_nodes_learning_into_one_dictionary_at_once_lose_no_counts()
    {
        var nodeA = _place.Open(Small);
        var nodeB = _place.Open(Small);
        const int Each = 100;

        var learnA = Task.Run(async () => { for (var i = 0; i < Each; i++) await nodeA.LearnAsync(Spam(i), true, Alice); });
        var learnB = Task.Run(async () => { for (var i = 0; i < Each; i++) await nodeB.LearnAsync(Ham(i), false, Alice); });
        await Task.WhenAll(learnA, learnB).WaitAsync(Bound);

        var stats = await nodeA.StatsAsync();
        Assert.Equal([(null, Each, Each), (Alice, Each, Each)], stats.Select(s => (s.User, s.SpamLearned, s.HamLearned)));
        Assert.All(stats, s => Assert.Equal(2L * Each, s.LogisticLearned));
        // "cheap" is in every spam, "meeting" in every ham: each row counted every message once.
        Assert.Equal((Each, 0L), await TokenCountsAsync(Alice, "cheap"));
        Assert.Equal((0L, Each), await TokenCountsAsync(Alice, "meeting"));
        Assert.Equal((Each, 0L), await TokenCountsAsync("", "cheap"));
    }

    [Fact]
    public async Task The_same_mark_taken_by_two_nodes_at_once_is_counted_once()
    {
        var nodeA = _place.Open(Small);
        var nodeB = _place.Open(Small);
        const int Count = 50;

        var learnA = Task.Run(async () => { for (var i = 0; i < Count; i++) await nodeA.LearnAsync(Spam(i), true, Alice); });
        var learnB = Task.Run(async () => { for (var i = 0; i < Count; i++) await nodeB.LearnAsync(Spam(i), true, Alice); });
        await Task.WhenAll(learnA, learnB).WaitAsync(Bound);

        Assert.Equal((Count, 0L), await nodeB.LearnedByAsync(Alice));
        Assert.Equal((Count, 0L), await TokenCountsAsync(Alice, "cheap"));
    }

    [Fact]
    public async Task A_bulk_learn_gives_a_new_token_table_statistics_after_its_first_two_batches()
    {
        var store = _place.Open(Small);
        Assert.Equal(-1f, TokenRowsEstimate()); // never analysed

        await using (var bulk = store.BeginBulk(null))
        {
            for (var i = 0; i < 25; i++) bulk.Learn(BayesTokenizer.Tokenize(Spam(i)), true);
            for (var i = 0; i < 24; i++) bulk.Learn(BayesTokenizer.Tokenize(Ham(i)), false);
            Assert.Equal(-1f, TokenRowsEstimate()); // one batch of 25 committed
            bulk.Learn(BayesTokenizer.Tokenize(Ham(24)), false);
        }

        Assert.True(TokenRowsEstimate() > 0, $"reltuples={TokenRowsEstimate()}");
    }

    /// <summary>pg_class.reltuples of bayes_token: -1 until ANALYZE (or VACUUM) has looked at the table.</summary>
    private float TokenRowsEstimate()
    {
        using var connection = new NpgsqlConnection(_place.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = 'bayes_token'::regclass", connection);
        return (float)command.ExecuteScalar()!;
    }

    [Fact]
    public void A_database_that_cannot_be_reached_is_named_without_the_password()
    {
        var port = FreePorts.Next();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Database = "mail", Username = "mizugiwa", Password = "s3cret-pw", Timeout = 3,
        }.ConnectionString;

        var e = Assert.Throws<Mizugiwa.Storage.StoreUnavailableException>(() => BayesStore.ForPostgres(connectionString, Small));

        Assert.StartsWith($"cannot open the Bayes store in PostgreSQL (host 127.0.0.1, port {port}, database mail): ", e.Message);
        Assert.DoesNotContain("s3cret-pw", e.Message);
    }

    [Fact]
    public void A_connection_string_that_is_not_valid_is_an_error_naming_the_bayes_store()
    {
        var e = Assert.Throws<DirectoryException>(() => BayesStore.ForPostgres("Hots=db1;Database=mail", Small));

        Assert.StartsWith("the PostgreSQL connection string of the Bayes store is not valid: ", e.Message);
    }

    private async Task<(long Spam, long Ham)> TokenCountsAsync(string owner, string token)
    {
        await using var connection = new NpgsqlConnection(_place.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT t.spam, t.ham FROM bayes_token t JOIN bayes_dictionary d ON d.id = t.dictionary
            WHERE d.owner = $1 AND t.hash = $2
            """, connection);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(BayesTokens.Hash(token));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {token} in {owner}'s dictionary");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
