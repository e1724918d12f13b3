using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Storage;
using Mizugiwa.Testing;
using static Mizugiwa.Content.Tests.Bayes.BayesMessages;

namespace Mizugiwa.Content.Tests.Bayes;

/// <remarks>A contract: runs on SQLite and on PostgreSQL (see the classes at the end).</remarks>
public abstract class BayesStoreTests(PostgresServer? postgres) : IDisposable
{
    private static readonly BayesOptions Small = BayesOptions.Default with { MinSpamLearned = 3, MinHamLearned = 3 };

    private readonly BayesPlace _place = BayesPlace.For(postgres);

    public void Dispose() => _place.Dispose();

    private BayesStore NewStore(BayesOptions? options = null) => _place.Open(options ?? Small);

    private static async Task TrainAsync(BayesStore store, int count, string? user = null)
    {
        for (var i = 0; i < count; i++)
        {
            await store.LearnAsync(Spam(i), spam: true, user);
            await store.LearnAsync(Ham(i), spam: false, user);
        }
    }

    private static async Task<BayesDictionaryStats> GlobalAsync(BayesStore store) => (await store.StatsAsync())[0];

    [Fact]
    public async Task A_trained_store_tells_spam_from_ham()
    {
        var store = NewStore();
        await TrainAsync(store, 5);

        var spam = await store.ClassifyAsync(BayesMessages.Plain("cheap pills", "viagra discount"), null);
        var ham = await store.ClassifyAsync(BayesMessages.Plain("meeting", "project review agenda"), null);

        Assert.True(spam.Probability > 0.95, $"spam p={spam.Probability}");
        Assert.True(ham.Probability < 0.05, $"ham p={ham.Probability}");
        Assert.Equal("global", spam.Dictionary);
        Assert.True(spam.TokensUsed > 0);
    }

    [Fact]
    public async Task Bayes_does_not_vote_until_both_classes_reach_the_minimum()
    {
        var store = NewStore();
        for (var i = 0; i < 10; i++) await store.LearnAsync(Spam(i), true, null);
        for (var i = 0; i < 2; i++) await store.LearnAsync(Ham(i), false, null);

        var before = await store.ClassifyAsync(Spam(99), null);
        await store.LearnAsync(Ham(2), false, null);
        var after = await store.ClassifyAsync(Spam(99), null);

        Assert.False(before.Votes);
        Assert.Equal((10, 2), (before.SpamLearned, before.HamLearned));
        Assert.True(after.Votes);
    }

    [Fact]
    public async Task The_same_message_is_learned_once_and_relearning_it_as_the_other_class_moves_it()
    {
        var store = NewStore();
        var message = Spam(1);

        Assert.Equal(LearnOutcome.Learned, await store.LearnAsync(message, true, null));
        var once = await GlobalAsync(store);
        Assert.Equal(LearnOutcome.AlreadyLearned, await store.LearnAsync(message, true, null));
        Assert.Equal(once, await GlobalAsync(store));

        Assert.Equal(LearnOutcome.Relearned, await store.LearnAsync(message, false, null));
        var moved = await GlobalAsync(store);

        Assert.Equal((1L, 0L), (once.SpamLearned, once.HamLearned));
        Assert.Equal((0L, 1L), (moved.SpamLearned, moved.HamLearned));
        Assert.Equal(once.Tokens, moved.Tokens);
    }

    [Fact]
    public async Task Relearning_moves_the_token_counts_to_the_other_class()
    {
        var store = NewStore();
        await TrainAsync(store, 3);
        var probe = BayesMessages.Plain("cheap pills", "viagra discount");
        var before = await store.ClassifyAsync(probe, null);

        for (var i = 0; i < 3; i++) await store.LearnAsync(Spam(i), false, null);
        for (var i = 0; i < 3; i++) await store.LearnAsync(Ham(i), true, null);
        var after = await store.ClassifyAsync(probe, null);

        Assert.True(before.Probability > 0.9);
        Assert.True(after.Probability < 0.1, $"p={after.Probability}");
    }

    [Fact]
    public async Task Relearning_the_only_message_leaves_no_empty_token_rows_and_counts_it_once()
    {
        var store = NewStore();
        var message = Spam(1);
        await store.LearnAsync(message, true, null);

        Assert.Equal(LearnOutcome.Relearned, await store.LearnAsync(message, false, null));
        Assert.Equal(LearnOutcome.AlreadyLearned, await store.LearnAsync(message, false, null));
        var stats = await GlobalAsync(store);

        Assert.Equal((0L, 1L), (stats.SpamLearned, stats.HamLearned));
        Assert.Equal(BayesTokenizer.Tokenize(message).Hashes.Count, stats.Tokens); // the spam rows went to 0/0 and were deleted, then came back as ham
        Assert.Equal(2, stats.LogisticLearned);
    }

    [Fact]
    public async Task A_users_dictionary_classifies_for_that_user_once_it_has_learned_enough()
    {
        var store = NewStore(Small with { UserLearningFeedsGlobal = false });
        await TrainAsync(store, 3);
        // alice receives the "meeting" mail as spam: her own dictionary learns it the other way round
        for (var i = 10; i < 13; i++)
        {
            await store.LearnAsync(Ham(i), true, "Alice@Example.com");
            await store.LearnAsync(Spam(i), false, "alice@example.com");
        }
        var probe = BayesMessages.Plain("meeting", "project review agenda");

        var forAlice = await store.ClassifyAsync(probe, "ALICE@example.com");
        var forBob = await store.ClassifyAsync(probe, "bob@example.com");
        var global = await store.ClassifyAsync(probe, null);

        Assert.Equal("alice@example.com", forAlice.Dictionary);
        Assert.True(forAlice.Probability > 0.9, $"alice p={forAlice.Probability}");
        Assert.Equal("global", forBob.Dictionary);
        Assert.True(forBob.Probability < 0.5, $"bob p={forBob.Probability}");
        Assert.Equal(global, forBob);
        var stats = await store.StatsAsync();
        Assert.Equal([null, "alice@example.com"], stats.Select(s => s.User));
        Assert.Equal((3L, 3L), (stats[0].SpamLearned, stats[0].HamLearned));
        Assert.Equal((3L, 3L), (stats[1].SpamLearned, stats[1].HamLearned));
    }

    [Fact]
    public async Task A_user_below_the_minimum_is_classified_by_the_global_dictionary()
    {
        var store = NewStore();
        await TrainAsync(store, 3);
        await store.LearnAsync(Ham(50), true, "carol@example.com");

        var verdict = await store.ClassifyAsync(BayesMessages.Plain("cheap pills", "viagra discount"), "carol@example.com");

        Assert.Equal("global", verdict.Dictionary);
        Assert.True(verdict.Probability > 0.9);
    }

    [Fact]
    public async Task User_learning_can_be_kept_out_of_the_global_dictionary()
    {
        var store = NewStore(Small with { UserLearningFeedsGlobal = false });
        await store.LearnAsync(Spam(1), true, "dave@example.com");

        var stats = await store.StatsAsync();

        Assert.Equal((0L, 0L), (stats[0].SpamLearned, stats[0].Tokens));
        Assert.Equal(1L, stats[1].SpamLearned);
    }

    [Fact]
    public async Task A_bulk_learner_commits_in_batches_and_its_work_survives_reopening()
    {
        var store = NewStore(Small with { BulkBatchSize = 4 });
        using (var bulk = store.BeginBulk(null))
        {
            for (var i = 0; i < 10; i++) bulk.Learn(BayesTokenizer.Tokenize(Spam(i)), true);
            bulk.Commit();
        }
        using (var abandoned = store.BeginBulk(null))
            abandoned.Learn(BayesTokenizer.Tokenize(Ham(1)), false);

        var reopened = NewStore();
        var stats = await GlobalAsync(reopened);

        Assert.Equal((10L, 0L), (stats.SpamLearned, stats.HamLearned));
    }

    [Fact]
    public async Task A_trained_dictionary_gives_both_votes_and_combines_them()
    {
        var store = NewStore();
        await TrainAsync(store, 8);

        var spam = await store.ClassifyAsync(BayesMessages.Plain("cheap pills", "viagra discount offer now"), null);
        var ham = await store.ClassifyAsync(BayesMessages.Plain("meeting", "project review agenda"), null);

        Assert.True(spam.Logistic > 0.6, $"logistic {spam.Logistic}");
        Assert.True(ham.Logistic < 0.4, $"logistic {ham.Logistic}");
        Assert.Equal(LogisticVote.Combine(spam.Fisher!.Value, spam.Logistic!.Value), spam.Probability!.Value, 9);
        Assert.Equal(LogisticVote.Combine(ham.Fisher!.Value, ham.Logistic!.Value), ham.Probability!.Value, 9);
        Assert.Equal(16L, (await GlobalAsync(store)).LogisticLearned);
    }

    [Fact]
    public async Task With_the_logistic_rate_at_zero_only_the_counts_vote()
    {
        var store = NewStore(Small with { LogisticRate = 0 });
        await TrainAsync(store, 5);

        var verdict = await store.ClassifyAsync(BayesMessages.Plain("cheap pills", "viagra discount offer now"), null);

        Assert.Null(verdict.Logistic);
        Assert.Equal(verdict.Fisher, verdict.Probability);
        Assert.Equal(0L, (await GlobalAsync(store)).LogisticLearned);
    }

    [Fact]
    public async Task Own_dictionaries_that_vote_are_found_for_the_recipients_as_given()
    {
        var store = NewStore(Small with { UserLearningFeedsGlobal = false });
        await TrainAsync(store, 3);
        for (var i = 10; i < 13; i++)
        {
            await store.LearnAsync(Ham(i), true, "alice@example.com");
            await store.LearnAsync(Spam(i), false, "alice@example.com");
        }
        await store.LearnAsync(Spam(20), true, "carol@example.com"); // too little to vote

        var own = await store.ClassifyOwnAsync(BayesMessages.Plain("meeting", "project review agenda"), ["Alice@Example.com", "bob@example.com", "carol@example.com", " "]);

        Assert.Equal(["Alice@Example.com"], own.Keys);
        Assert.Equal("alice@example.com", own["Alice@Example.com"].Dictionary);
        Assert.True(own["Alice@Example.com"].Probability > 0.9, $"p={own["Alice@Example.com"].Probability}");
        Assert.Equal((3L, 3L), await store.LearnedByAsync("ALICE@example.com"));
        Assert.Equal((1L, 0L), await store.LearnedByAsync("carol@example.com"));
        Assert.Equal((0L, 0L), await store.LearnedByAsync("bob@example.com"));
    }

    [Fact]
    public async Task While_no_own_dictionary_votes_one_trained_elsewhere_is_seen_within_a_minute_and_one_trained_here_at_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", CultureInfo.InvariantCulture));
        var options = Small with { UserLearningFeedsGlobal = false };
        var server = _place.Open(options, time);
        var elsewhere = NewStore(options);
        var mail = BayesMessages.Plain("meeting", "project review agenda");
        string[] recipients = ["alice@example.com", "bob@example.com"];
        Assert.Empty(await server.ClassifyOwnAsync(mail, recipients));

        await TrainAsync(elsewhere, 3, "alice@example.com");
        Assert.Empty(await server.ClassifyOwnAsync(mail, recipients));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["alice@example.com"], (await server.ClassifyOwnAsync(mail, recipients)).Keys);

        await TrainAsync(server, 3, "bob@example.com");
        Assert.Equal(["alice@example.com", "bob@example.com"], (await server.ClassifyOwnAsync(mail, recipients)).Keys.Order());
    }

    [Fact]
    public async Task A_mark_through_the_store_ends_the_quiet_at_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", CultureInfo.InvariantCulture));
        var server = _place.Open(Small with { UserLearningFeedsGlobal = false }, time);
        var mail = BayesMessages.Plain("meeting", "project review agenda");
        Assert.Empty(await server.ClassifyOwnAsync(mail, ["carol@example.com"]));

        await TrainAsync(server, 3, "carol@example.com");

        Assert.Equal(["carol@example.com"], (await server.ClassifyOwnAsync(mail, ["carol@example.com"])).Keys);
    }

    [Fact]
    public async Task Stats_list_the_global_dictionary_first_then_the_users_in_order()
    {
        var store = NewStore();
        await store.LearnAsync(Spam(1), true, "zoe@example.com");
        await store.LearnAsync(Ham(1), false, "Bob@example.com");
        await store.LearnAsync(Spam(2), true, null);

        var stats = await store.StatsAsync();

        Assert.Equal([null, "bob@example.com", "zoe@example.com"], stats.Select(s => s.User));
        Assert.Equal((2L, 1L), (stats[0].SpamLearned, stats[0].HamLearned));
        Assert.Equal((0L, 1L), (stats[1].SpamLearned, stats[1].HamLearned));
        Assert.Equal(BayesTokenizer.Tokenize(Ham(1)).Hashes.Count, stats[1].Tokens);
        Assert.Equal(stats, await NewStore().StatsAsync());
    }

    private long SchemaVersion() => Convert.ToInt64(_place.Sql("SELECT max(version) FROM bayes_schema_version"), CultureInfo.InvariantCulture);

    [Fact]
    public void A_new_store_records_schema_version_1()
    {
        NewStore();

        Assert.Equal(1L, SchemaVersion());
        Assert.Equal(1L, Convert.ToInt64(_place.Sql("SELECT count(*) FROM bayes_schema_version"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_store_made_before_the_version_table_opens_keeps_its_dictionaries_and_gets_version_1()
    {
        var old = NewStore();
        await TrainAsync(old, 3);
        var stats = await old.StatsAsync();
        _place.Sql("DROP TABLE bayes_schema_version");

        var reopened = NewStore();
        NewStore();

        Assert.Equal(1L, SchemaVersion());
        Assert.Equal(1L, Convert.ToInt64(_place.Sql("SELECT count(*) FROM bayes_schema_version"), CultureInfo.InvariantCulture));
        Assert.Equal(stats, await reopened.StatsAsync());
    }

    [Fact]
    public async Task A_store_a_newer_program_made_is_refused_naming_it_and_both_versions()
    {
        var newer = NewStore();
        await TrainAsync(newer, 3);
        _place.Sql("UPDATE bayes_schema_version SET version = 99");

        var e = Assert.Throws<DirectoryException>(() => NewStore());

        var expected = _place.ConnectionString is null
            ? $"Bayes database {_place.DatabasePath} has schema version 99; this program knows only up to 1"
            : $"PostgreSQL database {new Npgsql.NpgsqlConnectionStringBuilder(_place.ConnectionString).Database} has Bayes schema version 99; this program knows only up to 1";
        Assert.Equal(expected, e.Message);
        Assert.Equal(99L, SchemaVersion());
    }
}

public sealed class SqliteBayesStoreTests() : BayesStoreTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBayesStoreTests(PostgresFixture postgres) : BayesStoreTests(postgres.Server);
