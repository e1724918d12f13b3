using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Milter.Tests.Support;

/// <summary>An IContentFilter that answers what it is told, skips as the real one does, and keeps what it was asked.</summary>
internal sealed class FakeContentFilter : IContentFilter
{
    private readonly Lock _lock = new();
    private readonly List<ContentFilterRequest> _requests = [];

    public long MaxScanSize { get; init; } = 10 * 1024 * 1024;
    public Func<ContentFilterRequest, CancellationToken, Task<ContentFilterResult>> Answer { get; init; } =
        (request, _) => Task.FromResult(Labelled(request, spam: false));

    public IReadOnlyList<ContentFilterRequest> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    public string? SkipReason(SessionContext session) =>
        session.Authenticated ? "authenticated sender" : session.TrustedBy is { } trustedBy ? $"trusted ({trustedBy})" : null;

    public async ValueTask<ContentFilterResult> FilterAsync(ContentFilterRequest request, CancellationToken cancellationToken)
    {
        lock (_lock) _requests.Add(request);
        return await Answer(request, cancellationToken);
    }

    public const string AuthenticationResults = "Authentication-Results: mx.example.test;\r\n\tspf=pass smtp.mailfrom=example.org\r\n";

    /// <summary>What the real filter gives a recipient in label mode: our Authentication-Results and the spam headers.</summary>
    public static ContentFilterResult Labelled(ContentFilterRequest request, bool spam) => new(null,
        [.. request.Recipients.Select(r => new Core.EnvelopeRecipient
        {
            Address = r.Address,
            Mailbox = r.Mailbox,
            Route = r.Route,
            AddedHeaders = AuthenticationResults + (spam
                ? "X-Spam-Flag: YES\r\nX-Spam-Score: 1000.0\r\nX-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE=1000.0\r\n"
                : "X-Spam-Score: 0.0\r\nX-Spam-Status: No, score=0.0 required=5.0 tests=none\r\n"),
        })], null, spam ? "score=1000.0 action=spam symbols=GTUBE modes=label" : "score=0.0 action=none symbols=none modes=label", spam ? "spam" : "none");
}
