using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Core;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Content.Scoring;

/// <summary>
/// The content level at the end of DATA. It scans the message once and then applies each recipient's
/// own filter mode: off (no spam headers), label (the default), quarantine (spam to the Junk folder) or
/// reject. Spam is refused (550 5.7.1) only when every recipient chose reject; in a mixed message the
/// rejecting recipients get it quarantined. Nothing is dropped silently. An action forced by a symbol
/// (a virus, a blocked attachment, an honoured DMARC reject) refuses the message for everyone. A
/// sender on a recipient's personal allow list is never spam for that recipient. A recipient whose own
/// Bayes dictionary votes is judged with it in place of the global one (the rest of the scan is shared).
/// </summary>
public sealed class ContentFilter(
    ContentScanner scanner,
    ContentFilterOptions options,
    IFilterModeDirectory modes,
    IAuthenticationResultsFormat authenticationResults,
    IReadOnlyList<IContentRewriter> rewriters,
    ILogger logger,
    IPersonalLists? personalLists = null,
    IPersonalBayes? personalBayes = null) : IContentFilter
{
    public long MaxScanSize => options.MaxScanSize;

    public string? SkipReason(SessionContext session) =>
        session.Authenticated ? "authenticated sender" : session.TrustedBy is { } trustedBy ? $"trusted ({trustedBy})" : null;

    public async ValueTask<ContentFilterResult> FilterAsync(ContentFilterRequest request, CancellationToken cancellationToken)
    {
        if (SkipReason(request.Session) is { } skipped)
            return ContentFilterResult.Unscanned(request.Recipients, skipped);

        var message = ContentMessageReader.Read(request.Message, Envelope(request), options.Mime);
        var verdict = await scanner.ScanAsync(message, cancellationToken);
        var action = verdict.Action.ToString().ToLowerInvariant();
        var summary = Summary(verdict, action);

        if (verdict.Action == ContentAction.Reject)
            return new ContentFilterResult(Refusal(verdict), request.Recipients, null, summary, action);

        var verdicts = await PersonalVerdictsAsync(request, message, verdict, cancellationToken);
        var (recipientModes, allowed) = await ChoicesAsync(request, verdicts.Any(v => v.IsSpam), cancellationToken);
        summary += " modes=" + string.Join(",", recipientModes.Select(FilterModes.Name)) + OwnSummary(request, verdicts, verdict);

        if (verdicts.All(v => v.IsSpam) && recipientModes.All(m => m == FilterMode.Reject) && !allowed.Contains(true))
            return new ContentFilterResult(SpamRefusal(verdicts.MinBy(v => v.Score)!), request.Recipients, null, summary, action);

        var authentication = authenticationResults.Render(options.AuthServId, verdict.Report.AuthResults);
        // One label per distinct verdict (usually just the shared one), and its ham form for allowed senders.
        var labels = new Dictionary<ContentVerdict, (string Own, string Ham)>(ReferenceEqualityComparer.Instance);
        foreach (var v in verdicts.Where(v => !labels.ContainsKey(v)))
        {
            var own = SpamHeaders.Render(v, scanner.Scoring.SpamScore);
            labels.Add(v, (own, v.IsSpam ? SpamHeaders.Render(v with { Action = ContentAction.None }, scanner.Scoring.SpamScore) : own));
        }
        var treated = request.Recipients.Select((recipient, i) => allowed[i]
            ? Treat(recipient, recipientModes[i], spam: false, authentication, labels[verdicts[i]].Ham)
            : Treat(recipient, recipientModes[i], verdicts[i].IsSpam, authentication, labels[verdicts[i]].Own)).ToList();
        return new ContentFilterResult(null, treated, Rewrite(message, verdict), summary, action);
    }

    /// <summary>
    /// The verdict for each recipient: the shared one, or for a local recipient whose own Bayes dictionary
    /// votes, the same scan scored with that dictionary's BAYES symbols instead of the global ones.
    /// </summary>
    private async Task<IReadOnlyList<ContentVerdict>> PersonalVerdictsAsync(ContentFilterRequest request, ContentMessage message, ContentVerdict shared, CancellationToken cancellationToken)
    {
        var local = request.Recipients.Where(r => r.Route is null).Select(r => r.Mailbox).Distinct(StringComparer.Ordinal).ToList();
        if (personalBayes is null || local.Count == 0) return [.. request.Recipients.Select(_ => shared)];
        IReadOnlyDictionary<string, BayesVerdict> own;
        try { own = await personalBayes.ClassifyOwnAsync(message, local, cancellationToken); }
        catch (DbException e)
        {
            logger.LogWarning("personal Bayes dictionaries unavailable, the global verdict stands: {Error}", e.Message);
            return [.. request.Recipients.Select(_ => shared)];
        }
        var rescored = own.Where(p => p.Value.Probability is not null).ToDictionary(p => p.Key, p => OwnBayesScore.Rescore(scanner, shared, p.Value), StringComparer.Ordinal);
        return [.. request.Recipients.Select(r => r.Route is null && rescored.TryGetValue(r.Mailbox, out var v) ? v : shared)];
    }

    /// <summary>" own=alice@example.org:-1.5/none" for the recipients judged with their own dictionary, for the log.</summary>
    private static string OwnSummary(ContentFilterRequest request, IReadOnlyList<ContentVerdict> verdicts, ContentVerdict shared)
    {
        var own = request.Recipients.Select((r, i) => (r.Mailbox, Verdict: verdicts[i])).Where(x => !ReferenceEquals(x.Verdict, shared))
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Mailbox}:{x.Verdict.Score:0.0#}/{x.Verdict.Action.ToString().ToLowerInvariant()}")).Distinct().ToList();
        return own.Count == 0 ? "" : " own=" + string.Join(",", own);
    }

    /// <summary>
    /// Each recipient's mode and whether its allow list takes the sender, asked for all local recipients
    /// at once (one directory query each, whatever the recipient count). The lists matter only for spam:
    /// ham is labelled as ham for everyone anyway. Relayed recipients get the label and no list.
    /// </summary>
    private async Task<(IReadOnlyList<FilterMode> Modes, IReadOnlyList<bool> Allowed)> ChoicesAsync(ContentFilterRequest request, bool spam, CancellationToken cancellationToken)
    {
        var local = request.Recipients.Where(r => r.Route is null).Select(r => r.Mailbox).ToList();
        IReadOnlyList<FilterMode> localModes = local.Count == 0 ? [] : await modes.GetFilterModesAsync(local, cancellationToken);
        IReadOnlyList<PersonalListKind?> localLists = spam && local.Count > 0 && personalLists is not null
            ? await personalLists.FindSenderForEachAsync(local, request.Sender, cancellationToken)
            : new PersonalListKind?[local.Count];
        var recipientModes = new List<FilterMode>(request.Recipients.Count);
        var allowed = new List<bool>(request.Recipients.Count);
        int next = 0;
        foreach (var recipient in request.Recipients)
        {
            var isLocal = recipient.Route is null;
            recipientModes.Add(isLocal ? localModes[next] : FilterMode.Label);
            allowed.Add(isLocal && localLists[next] == PersonalListKind.Allow);
            if (isLocal) next++;
        }
        return (recipientModes, allowed);
    }

    private EnvelopeRecipient Treat(EnvelopeRecipient recipient, FilterMode mode, bool spam, string authentication, string label) => new()
    {
        Address = recipient.Address,
        Mailbox = recipient.Mailbox,
        Route = recipient.Route,
        Notify = recipient.Notify,
        OriginalRecipient = recipient.OriginalRecipient,
        Folder = spam && mode is FilterMode.Quarantine or FilterMode.Reject ? options.JunkFolder : null,
        AddedHeaders = mode == FilterMode.Off ? authentication : authentication + label,
        SubjectTag = spam && mode is FilterMode.Label or FilterMode.Quarantine && options.SubjectTag.Length > 0 ? options.SubjectTag : null,
    };

    private ReadOnlyMemory<byte>? Rewrite(ContentMessage message, ContentVerdict verdict)
    {
        var current = message.Mime;
        var changed = false;
        foreach (var rewriter in rewriters)
        {
            try
            {
                if (rewriter.Rewrite(current, message, verdict) is not { } rewritten) continue;
                current = rewritten;
                changed = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "content rewriter {Rewriter} failed: {Error}", rewriter.GetType().Name, e.Message);
            }
        }
        if (!changed) return null;
        using var output = new MemoryStream(message.Raw.Length);
        current.WriteTo(output);
        return output.ToArray();
    }

    private static ContentEnvelope Envelope(ContentFilterRequest request) => new(
        request.Session.ClientAddress,
        request.Session.ClientName is { } name && name != "unknown" ? name : null,
        request.Session.Helo,
        request.Sender,
        [.. request.Recipients.Select(r => r.Address)]);

    private static SmtpReply Refusal(ContentVerdict verdict) =>
        new(550, "5.7.1", $"Message refused: {string.Join("; ", verdict.Reasons.DefaultIfEmpty("content policy"))}");

    private static SmtpReply SpamRefusal(ContentVerdict verdict) =>
        new(550, "5.7.1", $"Message refused as spam (score {verdict.Score.ToString("0.0", CultureInfo.InvariantCulture)}) at the recipients' request");

    private static string Summary(ContentVerdict verdict, string action) =>
        $"score={verdict.Score.ToString("0.0#", CultureInfo.InvariantCulture)} action={action} " +
        $"symbols={string.Join(",", verdict.Symbols.Select(s => s.Name).DefaultIfEmpty("none"))}";
}
