using Microsoft.Data.Sqlite;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Tests.Bayes;

public sealed class LogisticVoteTests : IDisposable
{
    private static readonly BayesOptions Small = BayesOptions.Default with { MinSpamLearned = 3, MinHamLearned = 3 };

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-logistic-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }

    private string DatabasePath => Path.Combine(_root.FullName, "bayes.db");

    private static async Task TrainAsync(BayesStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.LearnAsync(BayesMessages.Plain($"cheap pills {i}", $"buy cheap pills now discount offer {i}", $"spam{i}"), spam: true, null);
            await store.LearnAsync(BayesMessages.Plain($"meeting notes {i}", $"the meeting agenda for tomorrow project review {i}", $"ham{i}"), spam: false, null);
        }
    }

    [Fact]
    public void The_votes_meet_at_the_mean_of_their_log_odds()
    {
        Assert.Equal(0.9, LogisticVote.Combine(0.9, 0.9), 9);
        Assert.Equal(0.75, LogisticVote.Combine(0.9, 0.5), 9);
        Assert.Equal(0.5, LogisticVote.Combine(0.9, 0.1), 9);
        Assert.Equal(0.5, LogisticVote.Probability(0, []), 9);
    }

    [Fact]
    public void A_step_follows_the_error_and_shrinks_a_large_weight()
    {
        var options = BayesOptions.Default with { LogisticRate = 0.1, LogisticShrinkage = 0.1 };


        Assert.Equal(0.05, LogisticVote.Step(LogisticVote.Error(0.5, spam: true), 0, options), 9);
        Assert.Equal(-0.05, LogisticVote.Step(LogisticVote.Error(0.5, spam: false), 0, options), 9);
        // A message already called spam with certainty still pulls an outsized weight back.
        Assert.True(LogisticVote.Step(LogisticVote.Error(1.0, spam: true), 5, options) < 0);
    }

    [Fact]
    public async Task A_dictionary_made_before_the_logistic_vote_gets_its_columns_and_the_vote_waits_until_it_has_learned_enough()
    {
        using (var old = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE bayes_dictionary (id INTEGER PRIMARY KEY, user TEXT NOT NULL UNIQUE,
                    spam_learned INTEGER NOT NULL DEFAULT 0, ham_learned INTEGER NOT NULL DEFAULT 0);
                INSERT INTO bayes_dictionary (id, user, spam_learned, ham_learned) VALUES (0, '', 5, 5);
                CREATE TABLE bayes_token (dictionary INTEGER NOT NULL, hash INTEGER NOT NULL, spam INTEGER NOT NULL,
                    ham INTEGER NOT NULL, PRIMARY KEY (dictionary, hash)) WITHOUT ROWID;
                CREATE TABLE bayes_seen (dictionary INTEGER NOT NULL, digest BLOB NOT NULL, spam INTEGER NOT NULL,
                    PRIMARY KEY (dictionary, digest)) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
            var message = BayesMessages.Plain("cheap pills", "discount offer now");
            foreach (var hash in BayesTokenizer.Tokenize(message).Hashes)
            {
                using var insert = old.CreateCommand();
                insert.CommandText = "INSERT INTO bayes_token VALUES (0, $h, 5, 0)";
                insert.Parameters.AddWithValue("$h", hash);
                insert.ExecuteNonQuery();
            }
        }

        var store = new BayesStore(DatabasePath, Small);
        var before = await store.ClassifyAsync(BayesMessages.Plain("cheap pills", "discount offer now"), null);
        await TrainAsync(store, 3);
        var after = await store.ClassifyAsync(BayesMessages.Plain("cheap pills", "discount offer now"), null);

        Assert.Null(before.Logistic);
        Assert.Equal(before.Fisher, before.Probability);
        Assert.True(before.Probability > 0.9);
        Assert.NotNull(after.Logistic);
        Assert.Equal(8, (await store.StatsAsync())[0].SpamLearned);
    }
}
