namespace Mizugiwa.Content.Clamd;

/// <summary>Reads clamd's INSTREAM reply: "stream: OK", "stream: &lt;name&gt; FOUND", or "... ERROR".</summary>
public static class ClamdReply
{
    public static ClamdScanResult Parse(string reply, bool truncated = false)
    {
        var text = reply.TrimEnd('\0', '\n', '\r', ' ');
        if (text.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var body = StripStreamPrefix(text)[..^" FOUND".Length].Trim();
            return new ClamdScanResult(ClamdStatus.Infected, body.Length == 0 ? "unknown" : body, null, truncated);
        }
        if (text.EndsWith(" ERROR", StringComparison.Ordinal))
            return new ClamdScanResult(ClamdStatus.Error, null, StripStreamPrefix(text)[..^" ERROR".Length].Trim(), truncated);
        if (StripStreamPrefix(text) == "OK") return new ClamdScanResult(ClamdStatus.Clean, null, null, truncated);
        return new ClamdScanResult(ClamdStatus.Error, null, text.Length == 0 ? "empty reply" : $"unexpected reply: {text}", truncated);
    }

    private static string StripStreamPrefix(string text) =>
        text.StartsWith("stream: ", StringComparison.Ordinal) ? text["stream: ".Length..] : text;
}
