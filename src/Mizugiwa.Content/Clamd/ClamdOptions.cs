namespace Mizugiwa.Content.Clamd;

/// <summary>Where clamd listens and how long and how much to send it.</summary>
public sealed record ClamdOptions
{
    /// <summary>"host:port" or "[v6]:port" for TCP; "unix:/path" or an absolute path for a Unix socket.</summary>
    public string Endpoint { get; init; } = "127.0.0.1:3310";

    /// <summary>For connect, send and reply together.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>clamd's StreamMaxLength (Debian's default 25M): only this much is sent, the result says it was truncated.</summary>
    public long StreamMaxLength { get; init; } = 25 * 1024 * 1024;

    /// <summary>INSTREAM chunk size.</summary>
    public int ChunkSize { get; init; } = 64 * 1024;
}
