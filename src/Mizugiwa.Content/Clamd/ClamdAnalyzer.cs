using Microsoft.Extensions.Logging;
using MimeKit;

namespace Mizugiwa.Content.Clamd;

/// <summary>
/// Scans the message with clamd. A virus adds VIRUS_FOUND (detail: the signature) and forces
/// <see cref="ContentAction.Reject"/>; clamd unreachable or failing adds CLAMD_ERROR (score 0) and a
/// warning, and the message goes on unscanned.
/// </summary>
public sealed class ClamdAnalyzer(ClamdScanner scanner, ClamdAnalyzerOptions options, ILogger<ClamdAnalyzer> logger) : IContentAnalyzer
{
    public const string VirusFound = "VIRUS_FOUND";
    public const string Error = "CLAMD_ERROR";
    public static readonly IReadOnlyCollection<string> AllSymbols = [VirusFound, Error];

    public string Name => "clamd";
    public IReadOnlyCollection<string> Symbols => AllSymbols;

    public ContentStage Stage => ContentStage.Analysis;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        if (options.Target == ClamdScanTarget.RawMessage)
        {
            Record(await scanner.ScanAsync(message.Raw, cancellationToken), "the message", report);
            return;
        }
        foreach (var attachment in message.Parts.Attachments.Take(options.MaxAttachments))
        {
            var content = Decode(attachment.Part, scanner.Options.StreamMaxLength);
            if (content is null) continue;
            if (Record(await scanner.ScanAsync(content, cancellationToken), attachment.FileName ?? attachment.ContentType, report)) return;
        }
    }

    /// <summary>True when the scan found a virus or failed (no point scanning on).</summary>
    private bool Record(ClamdScanResult result, string what, ContentReport report)
    {
        if (result.Truncated) ClamdLog.Truncated(logger, scanner.Options.StreamMaxLength, what);
        switch (result.Status)
        {
            case ClamdStatus.Infected:
                ClamdLog.VirusFound(logger, result.Signature!, what);
                report.Add(VirusFound, options.VirusScore, result.Signature);
                report.Force(ContentAction.Reject, $"virus {result.Signature} in {what}");
                return true;
            case ClamdStatus.Error:
                ClamdLog.ScanFailed(logger, result.Error ?? "unknown error");
                report.Add(Error, 0, result.Error);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The decoded content, at most <paramref name="limit"/> + 1 bytes (so the scanner sees it was longer).</summary>
    private static byte[]? Decode(MimePart part, long limit)
    {
        if (part.Content is null) return null;
        try
        {
            using var stream = part.Content.Open();
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while (copy.Length <= limit && (read = stream.Read(buffer)) > 0) copy.Write(buffer, 0, read);
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
