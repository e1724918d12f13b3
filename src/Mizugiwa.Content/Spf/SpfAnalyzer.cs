using System.Net;

namespace Mizugiwa.Content.Spf;

/// <summary>
/// SPF for the MAIL FROM and HELO identities (RFC 7208 §2.3, §2.4). For the null sender the MAIL FROM
/// identity is postmaster@HELO, the same check as HELO: it is done once, recorded for both scopes,
/// scored once (SPF_*) and reported with smtp.helo. No client address or an authenticated
/// submission: nothing is checked.
/// </summary>
public sealed class SpfAnalyzer(SpfEvaluator evaluator, SpfAnalyzerOptions? options = null) : IContentAnalyzer
{
    private readonly SpfAnalyzerOptions _options = options ?? new SpfAnalyzerOptions();

    public string Name => "spf";

    public IReadOnlyCollection<string> Symbols => SpfSymbols.All;

    public ContentStage Stage => ContentStage.Authentication;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var envelope = message.Envelope;
        if (envelope.AuthenticatedUser is not null || envelope.ClientAddress is not { } ip) return;
        var heloDomain = HeloDomain(envelope.Helo);

        if (envelope.Sender.Length == 0)
        {
            if (heloDomain is null) return;
            var result = await evaluator.CheckHostAsync(ip, heloDomain, "postmaster@" + heloDomain, envelope.Helo, cancellationToken);
            report.AddSpf(new SpfVerdict(result.Result.ToKeyword(), "mailfrom", heloDomain));
            report.AddSpf(new SpfVerdict(result.Result.ToKeyword(), "helo", heloDomain));
            AddSymbol(report, result, helo: false);
            report.AddAuthResult(Entry(result, "smtp.helo", heloDomain));
            return;
        }

        var mailDomain = SpfDomainNames.Normalize(envelope.Sender[(envelope.Sender.LastIndexOf('@') + 1)..]);
        var mailFrom = evaluator.CheckHostAsync(ip, mailDomain, envelope.Sender, envelope.Helo, cancellationToken);
        var helo = _options.CheckHelo && heloDomain is not null
            ? evaluator.CheckHostAsync(ip, heloDomain, "postmaster@" + heloDomain, envelope.Helo, cancellationToken)
            : null;

        var mailResult = await mailFrom;
        report.AddSpf(new SpfVerdict(mailResult.Result.ToKeyword(), "mailfrom", mailDomain));
        AddSymbol(report, mailResult, helo: false);
        report.AddAuthResult(Entry(mailResult, "smtp.mailfrom", mailDomain));
        if (helo is null) return;
        var heloResult = await helo;
        report.AddSpf(new SpfVerdict(heloResult.Result.ToKeyword(), "helo", heloDomain!));
        AddSymbol(report, heloResult, helo: true);
    }

    /// <summary>The HELO argument when it is a domain name (not an address literal, not a bare label).</summary>
    private static string? HeloDomain(string? helo)
    {
        if (string.IsNullOrWhiteSpace(helo)) return null;
        var name = SpfDomainNames.Normalize(helo.Trim());
        if (IPAddress.TryParse(name, out _) || !SpfDomainNames.IsCheckable(name) || name.Contains(' ')) return null;
        return name;
    }

    private static void AddSymbol(ContentReport report, SpfCheckResult result, bool helo)
    {
        var (name, score) = SpfSymbols.For(result.Result, helo);
        var why = result.Problem ?? result.Mechanism;
        report.Add(name, score, why is null ? result.Domain : $"{result.Domain}: {why}");
    }

    private static AuthResultEntry Entry(SpfCheckResult result, string property, string value) =>
        new("spf", result.Result.ToKeyword(), result.Problem, [new KeyValuePair<string, string>(property, value)]);
}
