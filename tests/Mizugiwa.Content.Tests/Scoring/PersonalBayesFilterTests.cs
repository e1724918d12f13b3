using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Content.Tests.Bayes;
using Mizugiwa.Core;

namespace Mizugiwa.Content.Tests.Scoring;

/// <summary>A recipient whose own Bayes dictionary votes is judged with it; the others with the global one.</summary>
public sealed class PersonalBayesFilterTests : IDisposable
{
    private const string Alice = "alice@x.test";
    private const string Bob = "bob@x.test";
    private const string Carol = "carol@x.test";
    private static readonly BayesOptions Small = BayesOptions.Default with { MinSpamLearned = 3, MinHamLearned = 3 };

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-personal-bayes-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }

    private static ContentMessage Newsletter(int i) => BayesMessages.Plain($"garden newsletter {i}", $"tulip bulbs seeds offer spring garden catalogue {i}", $"news{i}");

    private static ContentMessage Meeting(int i) => BayesMessages.Plain($"meeting notes {i}", $"the meeting agenda for tomorrow project review {i}", $"meet{i}");

    private static ContentMessage Casino(int i) => BayesMessages.Plain($"casino bonus {i}", $"jackpot lottery winner claim prize casino {i}", $"casino{i}");

    /// <summary>The global dictionary calls the garden newsletter spam; Alice's own dictionary learned it as wanted mail.</summary>
    private async Task<BayesStore> TrainedStoreAsync()
    {
        var store = new BayesStore(Path.Combine(_root.FullName, "bayes.db"), Small);
        for (var i = 0; i < 10; i++)
        {
            await store.LearnAsync(Newsletter(i), spam: true, null);
            await store.LearnAsync(Meeting(i), spam: false, null);
        }
        var options = Small with { UserLearningFeedsGlobal = false };
        var alice = new BayesStore(Path.Combine(_root.FullName, "bayes.db"), options);
        for (var i = 0; i < 10; i++)
        {
            await alice.LearnAsync(Newsletter(100 + i), spam: false, Alice);
            await alice.LearnAsync(Casino(i), spam: true, Alice);
        }
        await alice.LearnAsync(Casino(50), spam: true, Carol); // Carol's dictionary has not learned enough to vote
        return store;
    }

    private static ContentFilter Filter(BayesStore store, Dictionary<string, FilterMode> modes) =>
        new(new ContentScanner([new GtubeAnalyzer(), new BayesAnalyzer(store)], new ScoringOptions()),
            new ContentFilterOptions { AuthServId = "mx.example.test" }, new FixedModes(modes), new PlainAuthenticationResults(), [], NullLogger.Instance,
            personalBayes: store);

    private const string NewsletterMail = "From: news@garden.example\nSubject: garden newsletter\nMessage-ID: <n@garden.example>\n\ntulip bulbs seeds offer spring garden catalogue\n";

    [Fact]
    public async Task Own_dictionaries_that_vote_are_found_by_the_address_as_given()
    {
        var store = await TrainedStoreAsync();

        var own = await store.ClassifyOwnAsync(BayesMessages.Plain("garden newsletter", "tulip bulbs seeds offer"), ["Alice@X.test", Bob, Carol]);

        Assert.Equal(["Alice@X.test"], own.Keys);
        Assert.Equal(Alice, own["Alice@X.test"].Dictionary);
        Assert.True(own["Alice@X.test"].Probability < 0.2, $"p={own["Alice@X.test"].Probability}");
    }

    [Fact]
    public async Task Each_recipient_is_judged_by_their_own_dictionary_when_it_votes_and_by_the_global_one_otherwise()
    {
        var store = await TrainedStoreAsync();
        var filter = Filter(store, new() { [Alice] = FilterMode.Label, [Bob] = FilterMode.Label, [Carol] = FilterMode.Label });

        var result = await filter.FilterAsync(FilterRequests.For(NewsletterMail, Alice, Bob, Carol), CancellationToken.None);

        var (alice, bob, carol) = (result.Recipients[0].AddedHeaders!, result.Recipients[1].AddedHeaders!, result.Recipients[2].AddedHeaders!);
        Assert.Contains("X-Spam-Status: No", alice);
        Assert.Contains("BAYES_OWN=0", alice);
        Assert.Contains("BAYES_00", alice);
        Assert.Contains("X-Spam-Flag: YES", bob);
        Assert.Contains("BAYES_99", bob);
        Assert.DoesNotContain("BAYES_OWN", bob);
        Assert.Contains("X-Spam-Flag: YES", carol);
        Assert.Contains($"own={Alice}:", result.LogText);
        Assert.DoesNotContain(Bob + ":", result.LogText);
    }

    [Fact]
    public async Task Spam_is_refused_only_when_it_is_spam_for_every_rejecting_recipient()
    {
        var store = await TrainedStoreAsync();
        var filter = Filter(store, new() { [Alice] = FilterMode.Reject, [Bob] = FilterMode.Reject });

        var mixed = await filter.FilterAsync(FilterRequests.For(NewsletterMail, Alice, Bob), CancellationToken.None);
        var bobOnly = await filter.FilterAsync(FilterRequests.For(NewsletterMail, Bob), CancellationToken.None);

        Assert.Null(mixed.Rejection);
        Assert.Null(mixed.Recipients[0].Folder);
        Assert.Equal("Junk", mixed.Recipients[1].Folder);
        Assert.Equal(550, bobOnly.Rejection?.Code);
    }
}
