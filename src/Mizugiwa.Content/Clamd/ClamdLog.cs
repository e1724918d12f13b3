using Microsoft.Extensions.Logging;

namespace Mizugiwa.Content.Clamd;

internal static partial class ClamdLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "clamd scan failed, message not scanned: {Error}")]
    public static partial void ScanFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "clamd found {Signature} in {What}")]
    public static partial void VirusFound(ILogger logger, string signature, string what);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "clamd scanned only the first {Bytes} bytes of {What} (StreamMaxLength)")]
    public static partial void Truncated(ILogger logger, long bytes, string what);
}
