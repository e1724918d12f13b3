using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;

namespace Mizugiwa.Content.Tests.Scoring;

public sealed class ContentFilterTests
{
    internal const string Ham = "From: a@example.org\nSubject: lunch\n\nSee you at noon.\n";
    internal static readonly string Spam = $"From: a@example.org\nSubject: test\n\n{GtubeAnalyzer.TestString}\n";

    private static ContentFilter Filter(Dictionary<string, FilterMode> modes, params IContentAnalyzer[] extra) => Filter(modes, null, extra);

    private static ContentFilter Filter(Dictionary<string, FilterMode> modes, IPersonalLists? lists, params IContentAnalyzer[] extra)
    {
        var format = new PlainAuthenticationResults();
        return new ContentFilter(new ContentScanner([new GtubeAnalyzer(), .. extra], new ScoringOptions()),
            new ContentFilterOptions { AuthServId = "mx.example.test" }, new FixedModes(modes), format,
            [new ForgedAuthenticationResultsRemover(format, "mx.example.test")], NullLogger.Instance, lists);
    }

    [Fact]
    public async Task The_Subject_tag_is_asked_for_spam_only_for_recipients_in_label_or_quarantine_mode()
    {
        var modes = new Dictionary<string, FilterMode>
        {
            ["off@x.test"] = FilterMode.Off, ["label@x.test"] = FilterMode.Label, ["junk@x.test"] = FilterMode.Quarantine, ["no@x.test"] = FilterMode.Reject,
        };
        var format = new PlainAuthenticationResults();
        var filter = new ContentFilter(new ContentScanner([new GtubeAnalyzer()], new ScoringOptions()),
            new ContentFilterOptions { AuthServId = "mx.example.test", SubjectTag = "[SPAM]" }, new FixedModes(modes), format, [], NullLogger.Instance);

        var spam = await filter.FilterAsync(FilterRequests.For(Spam, "off@x.test", "label@x.test", "junk@x.test", "no@x.test"), CancellationToken.None);
        Assert.Equal([null, "[SPAM]", "[SPAM]", null], spam.Recipients.Select(r => r.SubjectTag));
        Assert.Equal("Junk", spam.Recipients[3].Folder); // the reject recipient of a mixed message: quarantined, but not tagged

        var ham = await filter.FilterAsync(FilterRequests.For(Ham, "label@x.test", "junk@x.test"), CancellationToken.None);
        Assert.All(ham.Recipients, r => Assert.Null(r.SubjectTag));
        var untagged = await Filter(modes).FilterAsync(FilterRequests.For(Spam, "label@x.test"), CancellationToken.None);
        Assert.Null(untagged.Recipients[0].SubjectTag); // the default: no tag
    }

    private sealed class AllowsSender(string mailbox) : IPersonalLists
    {
        public ValueTask<PersonalListKind?> FindSenderAsync(string m, string sender, CancellationToken cancellationToken) =>
            ValueTask.FromResult<PersonalListKind?>(m == mailbox && sender == "sender@example.org" ? PersonalListKind.Allow : null);
    }

    [Fact]
    public async Task A_sender_on_a_recipients_allow_list_is_never_spam_for_that_recipient()
    {
        var filter = Filter(new() { ["a@x.test"] = FilterMode.Reject, ["b@x.test"] = FilterMode.Quarantine }, new AllowsSender("a@x.test"));
        var result = await filter.FilterAsync(FilterRequests.For(Spam, "a@x.test", "b@x.test"), CancellationToken.None);
        Assert.Null(result.Rejection);
        Assert.Null(result.Recipients[0].Folder);
        Assert.Contains("X-Spam-Status: No", result.Recipients[0].AddedHeaders);
        Assert.Equal("Junk", result.Recipients[1].Folder);
        Assert.Contains("X-Spam-Flag: YES", result.Recipients[1].AddedHeaders);
    }

    [Fact]
    public async Task Spam_goes_to_each_recipient_as_they_chose()
    {
        var filter = Filter(new() { ["off@x.test"] = FilterMode.Off, ["label@x.test"] = FilterMode.Label, ["junk@x.test"] = FilterMode.Quarantine });
        var result = await filter.FilterAsync(FilterRequests.For(Spam, "off@x.test", "label@x.test", "junk@x.test"), CancellationToken.None);
        Assert.Null(result.Rejection);
        var (off, label, junk) = (result.Recipients[0], result.Recipients[1], result.Recipients[2]);
        Assert.Null(off.Folder);
        Assert.DoesNotContain("X-Spam", off.AddedHeaders);
        Assert.Contains("Authentication-Results: mx.example.test", off.AddedHeaders);
        Assert.Null(label.Folder);
        Assert.Contains("X-Spam-Flag: YES", label.AddedHeaders);
        Assert.Contains("GTUBE=1000", label.AddedHeaders);
        Assert.Equal("Junk", junk.Folder);
        Assert.Contains("X-Spam-Flag: YES", junk.AddedHeaders);
        Assert.Contains("action=spam", result.LogText);
        Assert.Equal("spam", result.Action);
    }

    [Fact]
    public async Task Ham_is_labelled_as_ham_and_never_quarantined()
    {
        var filter = Filter(new() { ["junk@x.test"] = FilterMode.Quarantine, ["no@x.test"] = FilterMode.Reject });
        var result = await filter.FilterAsync(FilterRequests.For(Ham, "junk@x.test", "no@x.test"), CancellationToken.None);
        Assert.Null(result.Rejection);
        Assert.All(result.Recipients, r => Assert.Null(r.Folder));
        Assert.All(result.Recipients, r => Assert.Contains("X-Spam-Status: No", r.AddedHeaders));
        Assert.All(result.Recipients, r => Assert.DoesNotContain("X-Spam-Flag", r.AddedHeaders));
        Assert.Equal("none", result.Action);
    }

    [Fact]
    public async Task Spam_is_refused_only_when_every_recipient_chose_reject()
    {
        var filter = Filter(new() { ["no1@x.test"] = FilterMode.Reject, ["no2@x.test"] = FilterMode.Reject, ["yes@x.test"] = FilterMode.Label });
        var all = await filter.FilterAsync(FilterRequests.For(Spam, "no1@x.test", "no2@x.test"), CancellationToken.None);
        Assert.Equal(550, all.Rejection?.Code);
        Assert.Equal("5.7.1", all.Rejection?.EnhancedCode);

        var mixed = await filter.FilterAsync(FilterRequests.For(Spam, "no1@x.test", "yes@x.test"), CancellationToken.None);
        Assert.Null(mixed.Rejection);
        Assert.Equal("Junk", mixed.Recipients[0].Folder);
        Assert.Null(mixed.Recipients[1].Folder);
    }

    [Fact]
    public async Task A_forced_reject_refuses_whatever_the_recipients_chose()
    {
        var virus = new FixedAnalyzer("clamd", ContentStage.Analysis, new ContentSymbol("VIRUS_FOUND", 0, "Eicar-Test")) { Force = ContentAction.Reject };
        var result = await Filter([], virus).FilterAsync(FilterRequests.For(Ham, "a@x.test"), CancellationToken.None);
        Assert.Equal(550, result.Rejection?.Code);
        Assert.Contains("clamd forced it", result.Rejection!.Lines[0]);
        Assert.Equal("reject", result.Action);
    }

    [Fact]
    public async Task An_incoming_Authentication_Results_claiming_our_id_is_removed_and_others_kept()
    {
        var forged = "Authentication-Results: MX.example.test; dkim=pass header.d=bank.example\n" +
                     "Authentication-Results: other.example; spf=pass\n" + Ham;
        var result = await Filter([]).FilterAsync(FilterRequests.For(forged, "a@x.test"), CancellationToken.None);
        var rewritten = System.Text.Encoding.UTF8.GetString(result.ReplacementMessage!.Value.Span);
        Assert.DoesNotContain("MX.example.test", rewritten);
        Assert.Contains("other.example; spf=pass", rewritten);
        Assert.Contains("See you at noon.", rewritten);

        var clean = await Filter([]).FilterAsync(FilterRequests.For(Ham, "a@x.test"), CancellationToken.None);
        Assert.Null(clean.ReplacementMessage);
    }

    [Fact]
    public async Task Authenticated_and_trusted_sessions_are_not_scanned()
    {
        var request = FilterRequests.For(Spam, "a@x.test");
        request.Session.Authenticated = true;
        var result = await Filter([]).FilterAsync(request, CancellationToken.None);
        Assert.Null(result.Rejection);
        Assert.Null(result.Recipients[0].AddedHeaders);
        Assert.Contains("not scanned", result.LogText);
    }
}
