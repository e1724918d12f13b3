using System.Collections.Concurrent;
using System.Net;
using Mizugiwa.Core;

namespace Mizugiwa.Smtp.Checks;

/// <summary>
/// What checks know about the client and its session. Expensive lookups (PTR, DNSBL) are started
/// at connect with <see cref="Start{T}"/> and awaited where first needed with <see cref="Get{T}"/>.
/// </summary>
public sealed class SessionContext(string sessionId, IPAddress clientAddress)
{
    /// <summary>The key under which the client's FCrDNS name lookup runs.</summary>
    public const string ClientNameLookupKey = "client-name";

    private readonly ConcurrentDictionary<string, object> _lookups = new(StringComparer.Ordinal);

    public string SessionId { get; } = sessionId;
    /// <summary>The client's address, IPv4-mapped IPv6 already turned into IPv4.</summary>
    public IPAddress ClientAddress { get; } = Core.ClientAddress.Unmapped(clientAddress);
    /// <summary>The forward-confirmed PTR name once known; "unknown" when there is none (S25R rule 0).</summary>
    public string? ClientName { get; set; }
    public string? Helo { get; set; }
    public bool Authenticated { get; set; }
    /// <summary>The current transaction's reverse-path ("" is the null sender); null outside a transaction.</summary>
    public string? Sender { get; set; }

    /// <summary>Why this session is exempt from the spam checks (an allow-list entry), or null.</summary>
    public string? TrustedBy { get; set; }

    /// <summary>When set, the pipeline notes every check's verdict here (used by `mizugiwa check`).</summary>
    public List<CheckTrace>? Trace { get; set; }

    /// <summary>A verdict from an earlier stage held back until RCPT (delayed rejection).</summary>
    public Verdict? Pending { get; set; }

    /// <summary>Starts a lookup once per session; later calls return the same task.</summary>
    public Task<T> Start<T>(string key, Func<Task<T>> lookup) => (Task<T>)_lookups.GetOrAdd(key, _ => lookup());

    /// <summary>The lookup started under this key, or null when none was started.</summary>
    public Task<T>? Get<T>(string key) => _lookups.TryGetValue(key, out var task) ? (Task<T>)task : null;
}

/// <summary>One check's answer at one stage.</summary>
public sealed record CheckTrace(string Stage, string Check, Verdict Verdict);

/// <summary>One RCPT TO as the checks see it.</summary>
public sealed record RcptContext(SessionContext Session, SmtpAddress? Recipient, string RecipientText, RecipientStatus Status)
{
    /// <summary>The local mailboxes the session already resolved the recipient to; empty when it did not (e.g. a Postfix policy query).</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];
}
