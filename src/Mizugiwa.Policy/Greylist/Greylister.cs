using System.Net;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// Greylisting as postgrey does it. A triplet (client, sender, recipient) seen for the first time is
/// deferred; a retry at or after <see cref="GreylistOptions.Delay"/> and within
/// <see cref="GreylistOptions.RetryWindow"/> of the first attempt passes, and from then on the triplet
/// passes at once until it has not been seen for <see cref="GreylistOptions.Expiry"/>. A retry before
/// the delay is deferred again without resetting the first attempt; a retry after the window starts
/// over. A client that has passed <see cref="GreylistOptions.AutoWhitelistAfter"/> times (every pass
/// counts: new triplets and deliveries on known ones) passes directly.
/// </summary>
/// <remarks>
/// <para><b>Large senders retrying from another address of their pool.</b> Postgrey keys the client by
/// its /24, so a provider whose retry leaves from another network starts over each time and can be
/// delayed for hours. Here, when the client has a forward-confirmed PTR name, the client part of the
/// triplet and the auto-whitelist counter are keyed by the name's organisational domain (the last two
/// labels, three under a country's generic second level such as co.jp, ne.jp, co.uk or com.au): a first
/// attempt from out1.mail.bigsender.example and a retry from out9.mail.bigsender.example in another
/// network are one client. Without a usable name ("unknown", null) the /24 (IPv4) or /64 (IPv6) is used.</para>
/// <para>Pass <c>clientName</c> only for names that are trusted to identify an operator's mail servers:
/// a dynamic name (one that matches S25R and is not exempted) should be passed as null, otherwise all
/// customers of one access provider would share one key. <see cref="GreylistCheck"/> does this.
/// See docs/GREYLISTING.md.</para>
/// </remarks>
public sealed class Greylister
{
    private readonly IGreylistStore _store;
    private volatile GreylistOptions _options;
    private readonly TimeProvider _time;
    private readonly IGreylistWhitelist? _whitelist;

    public Greylister(IGreylistStore store, GreylistOptions options, TimeProvider timeProvider, IGreylistWhitelist? whitelist = null)
    {
        options.Validate();
        _store = store;
        _options = options;
        _time = timeProvider;
        _whitelist = whitelist;
    }

    public GreylistOptions Options => _options;

    /// <summary>Changes the timings while running (runtime settings); a triplet already waiting is judged by the new delay.</summary>
    public void Reconfigure(GreylistOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <param name="client">The client's address.</param>
    /// <param name="clientName">The client's forward-confirmed PTR name if it is trusted to name a mail pool; null or "unknown" otherwise.</param>
    /// <param name="sender">The reverse-path ("" for the null sender).</param>
    /// <param name="recipient">The forward-path.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    public async Task<GreylistDecision> CheckAsync(IPAddress client, string? clientName, string sender, string recipient, CancellationToken cancellationToken = default)
    {
        var key = GreylistKey.From(client, clientName, sender, recipient);
        if (_whitelist is not null && await _whitelist.IsWhitelistedAsync(client, clientName, sender, recipient, cancellationToken))
            return GreylistDecision.Pass(GreylistPassReason.Whitelisted, key);

        var now = _time.GetUtcNow();
        if (await IsAutoWhitelistedAsync(key.Client, now, cancellationToken))
        {
            await _store.AddClientPassAsync(key.Client, now, cancellationToken);
            return GreylistDecision.Pass(GreylistPassReason.AutoWhitelistedClient, key);
        }

        var entry = await _store.GetAsync(key, cancellationToken);
        if (entry is null || IsStale(entry, now))
        {
            await _store.PutAsync(key, new GreylistEntry(now, now, 0), cancellationToken);
            return Defer(_options.Delay, key);
        }

        if (!entry.HasPassed && now - entry.FirstSeen < _options.Delay)
        {
            await _store.PutAsync(key, entry with { LastSeen = now }, cancellationToken);
            return Defer(_options.Delay - (now - entry.FirstSeen), key);
        }

        await _store.PutAsync(key, entry with { LastSeen = now, PassedCount = entry.PassedCount + 1 }, cancellationToken);
        await _store.AddClientPassAsync(key.Client, now, cancellationToken);
        return GreylistDecision.Pass(entry.HasPassed ? GreylistPassReason.KnownTriplet : GreylistPassReason.RetriedAfterDelay, key);
    }

    /// <summary>Removes what has not been seen for <see cref="GreylistOptions.Expiry"/> and unpassed triplets past their retry window.</summary>
    public Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return _store.PurgeAsync(now - _options.Expiry, now - _options.RetryWindow, cancellationToken);
    }

    private async Task<bool> IsAutoWhitelistedAsync(string client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.AutoWhitelistAfter == 0) return false;
        var counter = await _store.GetClientAsync(client, cancellationToken);
        return counter is not null && counter.Passes >= _options.AutoWhitelistAfter && now - counter.LastSeen <= _options.Expiry;
    }

    /// <summary>A triplet that never passed and is past its retry window, or that passed but has expired, starts over.</summary>
    private bool IsStale(GreylistEntry entry, DateTimeOffset now) =>
        entry.HasPassed ? now - entry.LastSeen > _options.Expiry : now - entry.FirstSeen > _options.RetryWindow;

    private GreylistDecision Defer(TimeSpan retryAfter, GreylistKey key) => GreylistDecision.Defer(retryAfter, key, _options.HelpText);
}
