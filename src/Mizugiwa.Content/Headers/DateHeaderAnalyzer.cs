using MimeKit;
using MimeKit.Utils;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// The Date field (RFC 5322 3.6.1, required once): missing, unparseable, or too far from now. Bulk
/// senders leave it out, write garbage, or date mail ahead so it sorts to the top of an inbox.
/// </summary>
public sealed class DateHeaderAnalyzer(TimeProvider time, DateHeaderOptions? options = null) : IContentAnalyzer
{
    public const string Missing = "DATE_MISSING";
    public const string Invalid = "DATE_INVALID";
    public const string InFuture = "DATE_IN_FUTURE";
    public const string InPast = "DATE_IN_PAST";

    private readonly DateHeaderOptions _options = options ?? DateHeaderOptions.Default;

    public string Name => "date";

    public IReadOnlyCollection<string> Symbols => [Missing, Invalid, InFuture, InPast];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var header = HeaderValues.All(message.Mime, HeaderId.Date).FirstOrDefault();
        if (header is null)
        {
            report.Add(Missing, 1.0);
            return ValueTask.CompletedTask;
        }
        var raw = HeaderValues.Raw(header);
        if (!DateUtils.TryParse(raw, out var date))
        {
            report.Add(Invalid, 1.5, raw.Length > 60 ? raw[..60] : raw);
            return ValueTask.CompletedTask;
        }
        var ahead = date - time.GetUtcNow();
        if (ahead > _options.FutureTolerance) report.Add(InFuture, 2.0, $"{ahead.TotalHours:0}h ahead");
        else if (-ahead > _options.PastTolerance) report.Add(InPast, 0.8, $"{-ahead.TotalHours:0}h behind");
        return ValueTask.CompletedTask;
    }
}
