using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;

namespace Mizugiwa.Content.Tests.Scoring;

/// <summary>A message asks the directory for its recipients' modes (and, for spam, their lists) once, whatever its recipient count.</summary>
public sealed class ContentFilterQueryCountTests
{
    private const string Ham = ContentFilterTests.Ham;
    private static readonly string Spam = ContentFilterTests.Spam;

    private readonly CountingDirectory _directory = new()
    {
        Modes = { ["a@x.test"] = FilterMode.Off, ["b@x.test"] = FilterMode.Quarantine, ["c@x.test"] = FilterMode.Reject },
        Allowing = { "c@x.test" },
    };

    private ContentFilter Filter()
    {
        var format = new PlainAuthenticationResults();
        return new ContentFilter(new ContentScanner([new GtubeAnalyzer()], new ScoringOptions()),
            new ContentFilterOptions { AuthServId = "mx.example.test" }, _directory, format, [], NullLogger.Instance, _directory);
    }

    /// <summary>Local recipients a, b, c and one relayed to the next hop between them.</summary>
    private static Mizugiwa.Smtp.Checks.ContentFilterRequest Request(string message)
    {
        var request = FilterRequests.For(message, "a@x.test", "b@x.test", "c@x.test");
        var relayed = new EnvelopeRecipient { Address = "r@relay.test", Mailbox = "r@relay.test", Route = Routes.SmtpPrefix + "next.test" };
        return request with { Recipients = [request.Recipients[0], relayed, request.Recipients[1], request.Recipients[2]] };
    }

    [Fact]
    public async Task Spam_to_many_recipients_asks_the_modes_and_the_lists_once_each()
    {
        var result = await Filter().FilterAsync(Request(Spam), CancellationToken.None);
        Assert.Equal([["a@x.test", "b@x.test", "c@x.test"]], _directory.ModeBatches);
        Assert.Equal([["a@x.test", "b@x.test", "c@x.test"]], _directory.ListBatches);
        Assert.Equal(0, _directory.SingleQuestions);

        Assert.Null(result.Rejection);
        Assert.Equal([null, null, "Junk", null], result.Recipients.Select(r => r.Folder)); // c allows the sender
        Assert.DoesNotContain("X-Spam", result.Recipients[0].AddedHeaders); // a: off
        Assert.Contains("X-Spam-Flag: YES", result.Recipients[1].AddedHeaders); // relayed: label
        Assert.Contains("X-Spam-Status: No", result.Recipients[3].AddedHeaders);
    }

    [Fact]
    public async Task Ham_asks_only_the_modes_once_and_no_list()
    {
        var result = await Filter().FilterAsync(Request(Ham), CancellationToken.None);
        Assert.Single(_directory.ModeBatches);
        Assert.Empty(_directory.ListBatches);
        Assert.Equal(0, _directory.SingleQuestions);
        Assert.All(result.Recipients, r => Assert.Null(r.Folder));
    }

    [Fact]
    public async Task A_message_only_for_the_next_hop_asks_nothing()
    {
        var request = FilterRequests.For(Spam, "r@relay.test");
        request = request with { Recipients = [new EnvelopeRecipient { Address = "r@relay.test", Mailbox = "r@relay.test", Route = Routes.SmtpPrefix + "next.test" }] };
        var result = await Filter().FilterAsync(request, CancellationToken.None);
        Assert.Empty(_directory.ModeBatches);
        Assert.Empty(_directory.ListBatches);
        Assert.Contains("X-Spam-Flag: YES", result.Recipients[0].AddedHeaders);
    }

    private sealed class CountingDirectory : IFilterModeDirectory, IPersonalLists
    {
        public Dictionary<string, FilterMode> Modes { get; } = [];

        public HashSet<string> Allowing { get; } = [];

        public List<string[]> ModeBatches { get; } = [];

        public List<string[]> ListBatches { get; } = [];

        public int SingleQuestions { get; private set; }

        public ValueTask<FilterMode> GetFilterModeAsync(string mailbox, CancellationToken cancellationToken)
        {
            SingleQuestions++;
            return ValueTask.FromResult(Mode(mailbox));
        }

        public ValueTask<IReadOnlyList<FilterMode>> GetFilterModesAsync(IReadOnlyList<string> mailboxes, CancellationToken cancellationToken)
        {
            ModeBatches.Add([.. mailboxes]);
            return ValueTask.FromResult<IReadOnlyList<FilterMode>>([.. mailboxes.Select(Mode)]);
        }

        public ValueTask<PersonalListKind?> FindSenderAsync(string mailbox, string sender, CancellationToken cancellationToken)
        {
            SingleQuestions++;
            return ValueTask.FromResult(Listed(mailbox));
        }

        public ValueTask<IReadOnlyList<PersonalListKind?>> FindSenderForEachAsync(IReadOnlyList<string> mailboxes, string sender, CancellationToken cancellationToken)
        {
            ListBatches.Add([.. mailboxes]);
            return ValueTask.FromResult<IReadOnlyList<PersonalListKind?>>([.. mailboxes.Select(Listed)]);
        }

        private FilterMode Mode(string mailbox) => Modes.TryGetValue(mailbox, out var mode) ? mode : FilterMode.Label;

        private PersonalListKind? Listed(string mailbox) => Allowing.Contains(mailbox) ? PersonalListKind.Allow : null;
    }
}
