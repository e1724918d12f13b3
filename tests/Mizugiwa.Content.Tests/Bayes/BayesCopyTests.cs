using Microsoft.Data.Sqlite;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Testing;
using static Mizugiwa.Content.Tests.Bayes.BayesMessages;

namespace Mizugiwa.Content.Tests.Bayes;

/// <remarks>A node's SQLite bayes.db copied into a SQLite store and into PostgreSQL (see the classes at the end).</remarks>
public abstract class BayesCopyTests(PostgresServer? postgres) : IDisposable
{
    private const string Alice = "alice@example.com";
    private static readonly BayesOptions Small = BayesOptions.Default with { MinSpamLearned = 3, MinHamLearned = 3, UserLearningFeedsGlobal = false };

    private readonly BayesPlace _target = BayesPlace.For(postgres);
    private readonly DirectoryInfo _node = Directory.CreateTempSubdirectory("mizugiwa-bayes-node-");

    public void Dispose()
    {
        _target.Dispose();
        SqliteConnection.ClearAllPools();
        _node.Delete(recursive: true);
    }

    private string NodeFile => Path.Combine(_node.FullName, "bayes.db");

    private static readonly ContentMessage Probe = BayesMessages.Plain("meeting", "project review agenda");

    private async Task<BayesStore> TrainedNodeAsync()
    {
        var node = new BayesStore(NodeFile, Small);
        for (var i = 0; i < 3; i++)
        {
            await node.LearnAsync(Spam(i), true, null);
            await node.LearnAsync(Ham(i), false, null);
            await node.LearnAsync(Ham(10 + i), true, Alice); // Alice calls the meeting mail spam
            await node.LearnAsync(Spam(10 + i), false, Alice);
        }
        return node;
    }

    [Fact]
    public async Task Every_dictionary_is_copied_with_its_counts_weights_and_learned_messages()
    {
        var node = await TrainedNodeAsync();
        var target = _target.Open(Small);

        var outcomes = await target.CopyFromSqliteAsync(NodeFile);

        Assert.Equal([(null, true, 3L, 3L), (Alice, true, 3L, 3L)], outcomes.Select(o => (o.User, o.Copied, o.SpamLearned, o.HamLearned)));
        Assert.Equal(await node.StatsAsync(), await target.StatsAsync());
        var (before, after) = (await node.ClassifyAsync(Probe, null), await target.ClassifyAsync(Probe, null));
        Assert.Equal(before.Probability!.Value, after.Probability!.Value, 12);
        var own = await target.ClassifyOwnAsync(Probe, [Alice]);
        Assert.Equal((await node.ClassifyOwnAsync(Probe, [Alice]))[Alice].Probability!.Value, own[Alice].Probability!.Value, 12);
        Assert.Equal(LearnOutcome.AlreadyLearned, await target.LearnAsync(Spam(1), true, null));
    }

    [Fact]
    public async Task A_dictionary_that_has_learned_in_the_target_is_kept_as_it_is()
    {
        await TrainedNodeAsync();
        var target = _target.Open(Small);
        await target.LearnAsync(Spam(99), true, null);

        var outcomes = await target.CopyFromSqliteAsync(NodeFile);
        var again = await target.CopyFromSqliteAsync(NodeFile);

        Assert.Equal([(null, false), (Alice, true)], outcomes.Select(o => (o.User, o.Copied)));
        Assert.All(again, o => Assert.False(o.Copied));
        var stats = await target.StatsAsync();
        Assert.Equal((1L, 0L), (stats[0].SpamLearned, stats[0].HamLearned));
        Assert.Equal((3L, 3L), (stats[1].SpamLearned, stats[1].HamLearned));
    }

    [Fact]
    public async Task A_missing_file_and_a_file_without_dictionaries_are_refused_by_name()
    {
        var target = _target.Open(Small);
        var missing = Path.Combine(_node.FullName, "nothing.db");
        var other = Path.Combine(_node.FullName, "mizugiwa.db");
        await File.WriteAllTextAsync(other, "not a database");

        Assert.Equal($"{missing}: no such file", (await Assert.ThrowsAsync<BayesCopyException>(() => target.CopyFromSqliteAsync(missing))).Message);
        Assert.Equal($"{other} holds no Bayes dictionaries (not a bayes.db)", (await Assert.ThrowsAsync<BayesCopyException>(() => target.CopyFromSqliteAsync(other))).Message);
        Assert.False(File.Exists(missing));
    }
}

public sealed class SqliteBayesCopyTests() : BayesCopyTests(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBayesCopyTests(PostgresFixture postgres) : BayesCopyTests(postgres.Server);
