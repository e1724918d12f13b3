using Mizugiwa.Content.Dkim;

namespace Mizugiwa.Content.Arc;

/// <summary>
/// Validates the ARC chain: <see cref="ContentReport.SetArc"/>, an Authentication-Results "arc" entry,
/// and ARC_PASS, ARC_FAIL or ARC_NONE. A passing chain only says intermediaries vouch for what they saw;
/// whom to trust is DMARC's (or local policy's) business, so the scores are small.
/// </summary>
public sealed class ArcAnalyzer(ArcChainVerifier verifier) : IContentAnalyzer
{
    public const string PassSymbol = "ARC_PASS";
    public const string FailSymbol = "ARC_FAIL";
    public const string NoneSymbol = "ARC_NONE";

    public string Name => "arc";

    public IReadOnlyCollection<string> Symbols => [PassSymbol, FailSymbol, NoneSymbol];

    public ContentStage Stage => ContentStage.Authentication;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var verdict = await verifier.VerifyAsync(RawMessage.Of(message), cancellationToken).ConfigureAwait(false);
        report.SetArc(verdict);
        report.AddAuthResult(new AuthResultEntry("arc", verdict.Result, verdict.Reason, []));
        switch (verdict.Result)
        {
            case ArcChainVerifier.Pass: report.Add(PassSymbol, -0.3, $"{verdict.Instances} ARC sets"); break;
            case ArcChainVerifier.Fail: report.Add(FailSymbol, 0.5, verdict.Reason); break;
            default: report.Add(NoneSymbol, 0); break;
        }
    }
}
