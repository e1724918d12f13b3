namespace Mizugiwa.Content.Dkim;

/// <summary>
/// Verifies every DKIM-Signature of the message (up to <see cref="DkimVerifierOptions.MaxSignatures"/>):
/// one <see cref="DkimVerdict"/> and one Authentication-Results "dkim" entry per signature, and the
/// symbols DKIM_VALID (a signature passed), DKIM_INVALID (one failed or was unusable), DKIM_TEMPERROR
/// and DKIM_NONE (no signature).
/// </summary>
public sealed class DkimAnalyzer(DkimSignatureVerifier verifier, DkimVerifierOptions options) : IContentAnalyzer
{
    public const string Valid = "DKIM_VALID";
    public const string Invalid = "DKIM_INVALID";
    public const string NoSignature = "DKIM_NONE";
    public const string TempError = "DKIM_TEMPERROR";

    public string Name => "dkim";

    public IReadOnlyCollection<string> Symbols => [Valid, Invalid, NoSignature, TempError];

    public ContentStage Stage => ContentStage.Authentication;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var raw = RawMessage.Of(message);
        var signatures = raw.Headers.Where(h => h.Is("DKIM-Signature")).Take(options.MaxSignatures).ToList();
        if (signatures.Count == 0)
        {
            report.AddAuthResult(new AuthResultEntry("dkim", DkimResults.None, null, []));
            report.Add(NoSignature, 0, "no DKIM signature");
            return;
        }

        var checks = new DkimSignatureCheck[signatures.Count];
        for (int i = 0; i < signatures.Count; i++)
            checks[i] = await verifier.VerifyAsync(raw, signatures[i], cancellationToken).ConfigureAwait(false);
        foreach (var check in checks)
        {
            var v = check.Verdict;
            report.AddDkim(v);
            var properties = new List<KeyValuePair<string, string>> { new("header.d", v.Domain) };
            if (v.Selector is not null) properties.Add(new("header.s", v.Selector));
            if (v.Algorithm is not null) properties.Add(new("header.a", v.Algorithm));
            if (check.SignaturePrefix is not null) properties.Add(new("header.b", check.SignaturePrefix));
            report.AddAuthResult(new AuthResultEntry("dkim", v.Result, v.Reason, properties));
        }

        AddSymbol(report, checks, DkimResults.Pass, Valid, -0.5);
        AddSymbol(report, checks, DkimResults.Fail, Invalid, 1.0, DkimResults.PermError);
        AddSymbol(report, checks, DkimResults.TempError, TempError, 0);
    }

    private static void AddSymbol(ContentReport report, DkimSignatureCheck[] checks, string result, string symbol, double score, string? alsoResult = null)
    {
        var matching = checks.Where(c => c.Verdict.Result == result || c.Verdict.Result == alsoResult).ToList();
        if (matching.Count == 0) return;
        report.Add(symbol, score, string.Join(", ", matching.Select(c => c.Verdict.Reason is null ? c.Verdict.Domain : $"{c.Verdict.Domain}: {c.Verdict.Reason}")));
    }
}
