using Microsoft.Extensions.Logging;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Dmarc;

/// <summary>
/// DMARC (RFC 7489) at the alignment stage: reads the SPF and DKIM verdicts of the authentication stage,
/// finds the From domain's policy, records the verdict and an Authentication-Results entry, scores the
/// result and, as configured, forces the policy (reject, quarantine as spam). An ARC pass keeps a reject
/// from being forced (RFC 8617 local policy override): the message is treated as quarantine.
/// </summary>
public sealed class DmarcAnalyzer : IContentAnalyzer
{
    public const string Pass = "DMARC_PASS";
    public const string FailNone = "DMARC_FAIL_NONE";
    public const string FailQuarantine = "DMARC_FAIL_QUARANTINE";
    public const string FailReject = "DMARC_FAIL_REJECT";
    public const string NoPolicy = "DMARC_NONE";
    public const string TemporaryError = "DMARC_TEMPERROR";
    public const string PermanentError = "DMARC_PERMERROR";
    public const string BadFrom = "DMARC_BAD_FROM";
    public const string ArcOverride = "DMARC_ARC_OVERRIDE";
    public const string PublicSuffixListMissing = "DMARC_PSL_FALLBACK";

    private readonly DmarcOptions _options;
    private readonly PublicSuffixList _publicSuffixes;
    private readonly DmarcEvaluator _evaluator;

    /// <summary>Reads the Public Suffix List from <see cref="DmarcOptions.PublicSuffixListPath"/> (falling back, with a warning, when it is missing).</summary>
    public DmarcAnalyzer(IDnsResolver resolver, DmarcOptions options, ILogger<DmarcAnalyzer>? logger = null)
        : this(resolver, PublicSuffixList.LoadOrFallback(options.PublicSuffixListPath, options.IncludePrivateDomains, logger), options)
    {
    }

    /// <param name="percentSampler">0..99 per failing message for pct= sampling; random when null (tests pass their own).</param>
    public DmarcAnalyzer(IDnsResolver resolver, PublicSuffixList publicSuffixes, DmarcOptions options, Func<int>? percentSampler = null)
    {
        _options = options;
        _publicSuffixes = publicSuffixes;
        _evaluator = new DmarcEvaluator(resolver, publicSuffixes, percentSampler);
    }

    public string Name => "dmarc";

    public IReadOnlyCollection<string> Symbols => [Pass, FailNone, FailQuarantine, FailReject, NoPolicy, TemporaryError, PermanentError, BadFrom, ArcOverride, PublicSuffixListMissing];

    public ContentStage Stage => ContentStage.Alignment;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var fromDomain = DmarcFromDomain.Find(message.Mime, out var problem);
        if (fromDomain is null)
        {
            report.Add(BadFrom, 2.0, problem);
            report.AddAuthResult(new AuthResultEntry("dmarc", "permerror", problem, []));
            return;
        }
        if (_publicSuffixes.IsFallback)
            report.Add(PublicSuffixListMissing, 0.0, "no Public Suffix List: organisational domain = last two labels");

        var evaluation = await _evaluator.EvaluateAsync(fromDomain, report.Spf, report.Dkim, message.Envelope.Sender.Length == 0, cancellationToken);
        var policy = evaluation.Disposition ?? evaluation.RequestedPolicy;
        report.SetDmarc(new DmarcVerdict(evaluation.Result, fromDomain, policy is { } p ? Keyword(p) : null, evaluation.Reason));
        report.AddAuthResult(AuthResult(evaluation));

        switch (evaluation.Result)
        {
            case "pass": report.Add(Pass, -0.5, evaluation.AlignedBy); break;
            case "none": report.Add(NoPolicy, 0.0, fromDomain); break;
            case "temperror": report.Add(TemporaryError, 0.0, evaluation.Reason); break;
            case "permerror": report.Add(PermanentError, 0.5, evaluation.Reason); break;
            default: ApplyFailure(evaluation, report); break;
        }
    }

    private void ApplyFailure(DmarcEvaluation evaluation, ContentReport report)
    {
        var disposition = evaluation.Disposition ?? DmarcPolicy.None;
        var detail = $"{evaluation.FromDomain} p={Keyword(evaluation.RequestedPolicy ?? DmarcPolicy.None)} pct={evaluation.Record!.Percent}: {evaluation.Reason}";
        switch (disposition)
        {
            case DmarcPolicy.None:
                report.Add(FailNone, 1.0, detail);
                return;
            case DmarcPolicy.Quarantine:
                report.Add(FailQuarantine, 3.0, detail);
                Quarantine(report, $"DMARC policy quarantine for {evaluation.FromDomain}");
                return;
        }

        report.Add(FailReject, 5.0, detail);
        var arcPassed = report.Arc is { } arc && arc.Result.Equals("pass", StringComparison.OrdinalIgnoreCase);
        if (arcPassed)
        {
            report.Add(ArcOverride, -2.0, $"ARC pass ({report.Arc!.Instances} instances): reject treated as quarantine");
            Quarantine(report, $"DMARC policy reject for {evaluation.FromDomain}, treated as quarantine after an ARC pass");
        }
        else if (_options.HonourReject)
        {
            report.Force(ContentAction.Reject, $"DMARC policy reject for {evaluation.FromDomain}");
        }
        else
        {
            Quarantine(report, $"DMARC policy reject for {evaluation.FromDomain}, treated as quarantine (reject not honoured)");
        }
    }

    private void Quarantine(ContentReport report, string reason)
    {
        if (_options.HonourQuarantine) report.Force(ContentAction.Spam, reason);
    }

    private static AuthResultEntry AuthResult(DmarcEvaluation evaluation)
    {
        var properties = new List<KeyValuePair<string, string>> { new("header.from", evaluation.FromDomain) };
        if (evaluation.RequestedPolicy is { } requested) properties.Add(new("policy.dmarc", Keyword(requested)));
        if (evaluation.Disposition is { } disposition) properties.Add(new("policy.applied-disposition", Keyword(disposition)));
        return new AuthResultEntry("dmarc", evaluation.Result, evaluation.Reason, properties);
    }

    private static string Keyword(DmarcPolicy policy) => policy switch
    {
        DmarcPolicy.Quarantine => "quarantine",
        DmarcPolicy.Reject => "reject",
        _ => "none",
    };
}
