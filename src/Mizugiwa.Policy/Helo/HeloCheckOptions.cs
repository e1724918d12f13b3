using System.Net;

namespace Mizugiwa.Policy.Helo;

public enum HeloAction { Ignore, Score, Defer, Reject }

public sealed class HeloCheckOptions
{
    /// <summary>Our own names (host name, MX names): no client may claim them.</summary>
    public IReadOnlyList<string> OwnNames { get; init; } = [];
    /// <summary>Our own addresses: no client may claim them, bare or as [literal].</summary>
    public IReadOnlyList<IPAddress> OwnAddresses { get; init; } = [];

    /// <summary>Big providers whose names bots like to borrow; a client claiming one must have a PTR in that domain.</summary>
    public IReadOnlyList<string> ProtectedProviders { get; init; } = DefaultProviders;

    public HeloAction NonFqdn { get; init; } = HeloAction.Score;
    public HeloAction LiteralMismatch { get; init; } = HeloAction.Score;

    public static readonly IReadOnlyList<string> DefaultProviders =
    [
        "gmail.com", "google.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "outlook.com", "hotmail.com",
        "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "docomo.ne.jp", "ezweb.ne.jp", "au.com",
        "softbank.ne.jp", "i.softbank.jp", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp",
    ];
}
