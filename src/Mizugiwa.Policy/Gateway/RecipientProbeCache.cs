using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core.State;
using Mizugiwa.Smtp.Gateway;

namespace Mizugiwa.Policy.Gateway;

/// <summary>
/// RCPT probe answers kept in the shared state store (one key per address, expiring by itself):
/// "valid" for <see cref="GatewayOptions.ValidTtl"/>, "unknown" for <see cref="GatewayOptions.UnknownTtl"/>,
/// a temporary answer not at all (or <see cref="GatewayOptions.TemporaryTtl"/>). Probes of one address
/// running at the same time on this node are one probe.
/// </summary>
public sealed class RecipientProbeCache(IStateStore store, IRecipientProber prober, GatewayOptions options, ILogger? logger = null)
{
    public const string KeyPrefix = "gateway:rcpt:";
    private const string Valid = "valid", Unknown = "unknown", Temporary = "temporary";
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, Lazy<Task<RelayAnswer>>> _inFlight = new(StringComparer.Ordinal);

    public static string KeyFor(string address) => KeyPrefix + address.ToLowerInvariant();

    public async Task<RelayAnswer> VerifyAsync(string route, string address, CancellationToken cancellationToken)
    {
        var key = KeyFor(address);
        if (await store.GetAsync(key, cancellationToken) is { } cached && FromCache(route, cached.Value) is { } known) return known;
        var probe = _inFlight.GetOrAdd(key, k => new Lazy<Task<RelayAnswer>>(() => ProbeAndRememberAsync(k, route, address)));
        try
        {
            // One waiter giving up does not cancel the probe the others wait for; the probe is bounded by itself.
            return await probe.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<RelayAnswer>>>(key, probe));
        }
    }

    private static RelayAnswer? FromCache(string route, string value)
    {
        int space = value.IndexOf(' ');
        var kind = space < 0 ? value : value[..space];
        var detail = "cached: " + (space < 0 ? "" : value[(space + 1)..]);
        return kind switch
        {
            Valid => new RelayAnswer(RelayVerdict.Valid, route, detail),
            Unknown => new RelayAnswer(RelayVerdict.Unknown, route, detail),
            Temporary => new RelayAnswer(RelayVerdict.Temporary, route, detail),
            _ => null,
        };
    }

    private async Task<RelayAnswer> ProbeAndRememberAsync(string key, string route, string address)
    {
        var hop = NextHop.TryParse(route) ?? throw new InvalidOperationException($"bad next hop {route}");
        var result = await prober.ProbeAsync(hop, address, CancellationToken.None);
        var (verdict, kind, ttl) = result.Outcome switch
        {
            ProbeOutcome.Accepted => (RelayVerdict.Valid, Valid, options.ValidTtl),
            ProbeOutcome.Rejected => (RelayVerdict.Unknown, Unknown, options.UnknownTtl),
            _ => (RelayVerdict.Temporary, Temporary, options.TemporaryTtl),
        };
        _logger.LogInformation("gateway probe to=<{Address}> hop={Route} result={Result} reply=\"{Reply}\"", address, route, kind, result.Reply);
        try
        {
            if (ttl > TimeSpan.Zero) await store.SetAsync(key, $"{kind} {result.Reply}", ttl, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the answer is still good for this RCPT; the next one probes again
            _logger.LogWarning("gateway probe to=<{Address}>: could not cache the answer: {Reason}", address, e.Message);
        }
        return new RelayAnswer(verdict, route, "probe: " + result.Reply);
    }
}
