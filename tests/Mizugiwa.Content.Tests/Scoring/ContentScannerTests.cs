using Mizugiwa.Content.Scoring;

namespace Mizugiwa.Content.Tests.Scoring;

public sealed class ContentScannerTests
{
    private static readonly ContentMessage Message = ContentMessageReader.Read("Subject: hi\r\n\r\nhello\r\n"u8.ToArray(), new ContentEnvelope(null, null, null, "", []));

    [Fact]
    public async Task Symbols_add_up_and_configured_weights_replace_defaults()
    {
        var scanner = new ContentScanner(
            [new FixedAnalyzer("a", ContentStage.Analysis, new ContentSymbol("ONE", 2.0), new ContentSymbol("TWO", 1.5))],
            new ScoringOptions { Weights = new Dictionary<string, double> { ["TWO"] = 4.0 } });
        var verdict = await scanner.ScanAsync(Message, CancellationToken.None);
        Assert.Equal(6.0, verdict.Score);
        Assert.Equal(ContentAction.Spam, verdict.Action);
        Assert.Equal(["TWO", "ONE"], verdict.Symbols.Select(s => s.Name));
    }

    [Fact]
    public async Task Below_the_spam_score_there_is_no_action()
    {
        var scanner = new ContentScanner([new FixedAnalyzer("a", ContentStage.Analysis, new ContentSymbol("ONE", 4.9))], new ScoringOptions());
        var verdict = await scanner.ScanAsync(Message, CancellationToken.None);
        Assert.Equal(ContentAction.None, verdict.Action);
        Assert.False(verdict.IsSpam);
    }

    [Fact]
    public async Task A_later_stage_sees_what_an_earlier_stage_recorded()
    {
        SpfVerdict? seen = null;
        var scanner = new ContentScanner(
            [
                new FixedAnalyzer("dmarc", ContentStage.Alignment) { Before = r => { seen = r.Spf.SingleOrDefault(); return ValueTask.CompletedTask; } },
                new FixedAnalyzer("spf", ContentStage.Authentication) { Before = r => { r.AddSpf(new SpfVerdict("pass", "mailfrom", "example.org")); return ValueTask.CompletedTask; } },
            ],
            new ScoringOptions());
        await scanner.ScanAsync(Message, CancellationToken.None);
        Assert.Equal("pass", seen?.Result);
    }

    [Fact]
    public async Task A_forced_action_and_a_forcing_symbol_win_over_a_low_score()
    {
        var forced = new ContentScanner([new FixedAnalyzer("clamd", ContentStage.Analysis, new ContentSymbol("VIRUS_FOUND", 0)) { Force = ContentAction.Reject }], new ScoringOptions());
        var verdict = await forced.ScanAsync(Message, CancellationToken.None);
        Assert.Equal(ContentAction.Reject, verdict.Action);
        Assert.Contains("clamd forced it", verdict.Reasons);

        var configured = new ContentScanner([new FixedAnalyzer("fp", ContentStage.Analysis, new ContentSymbol("FINGERPRINT_EXACT", 0.1))],
            new ScoringOptions { ForcedActions = new Dictionary<string, ContentAction> { ["FINGERPRINT_EXACT"] = ContentAction.Spam } });
        Assert.Equal(ContentAction.Spam, (await configured.ScanAsync(Message, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task The_reject_score_refuses_only_when_configured()
    {
        var analyzer = new FixedAnalyzer("a", ContentStage.Analysis, new ContentSymbol("HUGE", 50));
        Assert.Equal(ContentAction.Spam, (await new ContentScanner([analyzer], new ScoringOptions()).ScanAsync(Message, CancellationToken.None)).Action);
        Assert.Equal(ContentAction.Reject, (await new ContentScanner([analyzer], new ScoringOptions { RejectScore = 20 }).ScanAsync(Message, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task A_failing_analyzer_is_a_symbol_and_the_others_still_count()
    {
        var scanner = new ContentScanner([new ThrowingAnalyzer(), new FixedAnalyzer("a", ContentStage.Analysis, new ContentSymbol("ONE", 6))], new ScoringOptions());
        var verdict = await scanner.ScanAsync(Message, CancellationToken.None);
        Assert.Contains(verdict.Symbols, s => s.Name == "ANALYZER_ERROR" && s.Detail!.Contains("boom"));
        Assert.True(verdict.IsSpam);
    }
}
