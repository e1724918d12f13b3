using Mizugiwa.Core;
using System.Net;
using System.Runtime.CompilerServices;
using Mizugiwa.Core.State;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Flow;

/// <summary>
/// Limits per client address and per network, counted in the shared state store so that all nodes
/// see the same numbers: connections open at once (a gauge, +1 at connect, −1 when the session
/// ends), new connections, messages (MAIL) and recipients (RCPT) per sliding window. Over a limit
/// the client gets a temporary failure, never a 5xx: <c>421 4.7.0</c> and the connection closed at
/// connect, <c>451 4.7.1</c> at MAIL and RCPT. Authenticated and trusted sessions and the configured
/// trusted networks are neither counted nor limited.
/// </summary>
public sealed class FlowControl(IStateStore store, FlowControlOptions configured) : IConnectCheck, IMailCheck, IRcptCheck, ISessionObserver
{
    /// <summary>Sessions whose connection is in the gauges; each is taken out exactly once.</summary>
    private readonly ConditionalWeakTable<SessionContext, Counted> _counted = new();
    private volatile FlowControlOptions _options = configured;

    public string Name => "flow";

    /// <summary>The limits in force (runtime settings change them).</summary>
    public FlowControlOptions Options => _options;

    /// <summary>New limits for the next connection, message and recipient counted; a session keeps the gauges it was counted in.</summary>
    public void Reconfigure(FlowControlOptions options) => _options = options;

    public async ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var options = _options;
        if (Exemptions.Applies(session, options.TrustedNetworks)) return Verdict.Continue;
        var (address, network) = Scopes(session.ClientAddress);
        var (perAddress, perNetwork) = (options.PerAddress, options.PerNetwork);

        // Marked before the gauges move, so that a check cut short by a timeout is still taken out at the end.
        var counted = new Counted { InAddressGauge = perAddress.Concurrent > 0, InNetworkGauge = perNetwork.Concurrent > 0 };
        if (!_counted.TryAdd(session, counted)) return Verdict.Continue;
        var counts = await Task.WhenAll(
            Gauge(address, counted.InAddressGauge, +1, cancellationToken),
            Gauge(network, counted.InNetworkGauge, +1, cancellationToken),
            Window(FlowKeys.Connections(address), perAddress.Connections, perAddress.ConnectionWindow, cancellationToken),
            Window(FlowKeys.Connections(network), perNetwork.Connections, perNetwork.ConnectionWindow, cancellationToken));
        long[] open = counts[..2], recent = counts[2..];

        if (Over(open[0], perAddress.Concurrent)) return Refuse(address, "Too many connections from", $"{open[0]} concurrent");
        if (Over(open[1], perNetwork.Concurrent)) return Refuse(network, "Too many connections from", $"{open[1]} concurrent");
        if (Over(recent[0], perAddress.Connections)) return Refuse(address, "Connection rate limit exceeded for", $"{recent[0]} connections in {DurationText.Format(perAddress.ConnectionWindow)}");
        if (Over(recent[1], perNetwork.Connections)) return Refuse(network, "Connection rate limit exceeded for", $"{recent[1]} connections in {DurationText.Format(perNetwork.ConnectionWindow)}");
        return Verdict.Continue;
    }

    public async ValueTask<Verdict> CheckMailAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var options = _options;
        if (Exemptions.Applies(session, options.TrustedNetworks)) return Verdict.Continue;
        var (address, network) = Scopes(session.ClientAddress);
        var counts = await Task.WhenAll(
            Window(FlowKeys.Messages(address), options.PerAddress.Messages, options.PerAddress.MessageWindow, cancellationToken),
            Window(FlowKeys.Messages(network), options.PerNetwork.Messages, options.PerNetwork.MessageWindow, cancellationToken));
        if (Over(counts[0], options.PerAddress.Messages)) return Defer(address, "Message rate limit exceeded for", $"{counts[0]} messages in {DurationText.Format(options.PerAddress.MessageWindow)}");
        if (Over(counts[1], options.PerNetwork.Messages)) return Defer(network, "Message rate limit exceeded for", $"{counts[1]} messages in {DurationText.Format(options.PerNetwork.MessageWindow)}");
        return Verdict.Continue;
    }

    public async ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        var session = rcpt.Session;
        var options = _options;
        if (Exemptions.Applies(session, options.TrustedNetworks)) return Verdict.Continue;
        var (address, network) = Scopes(session.ClientAddress);
        var counts = await Task.WhenAll(
            Window(FlowKeys.Recipients(address), options.PerAddress.Recipients, options.PerAddress.RecipientWindow, cancellationToken),
            Window(FlowKeys.Recipients(network), options.PerNetwork.Recipients, options.PerNetwork.RecipientWindow, cancellationToken));
        if (Over(counts[0], options.PerAddress.Recipients)) return Defer(address, "Recipient rate limit exceeded for", $"{counts[0]} recipients in {DurationText.Format(options.PerAddress.RecipientWindow)}");
        if (Over(counts[1], options.PerNetwork.Recipients)) return Defer(network, "Recipient rate limit exceeded for", $"{counts[1]} recipients in {DurationText.Format(options.PerNetwork.RecipientWindow)}");
        return Verdict.Continue;
    }

    public ValueTask TransactionEndedAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Takes the connection out of the gauges, once, whether it was refused at connect or not.</summary>
    public async ValueTask SessionEndedAsync(SessionContext session, CancellationToken cancellationToken)
    {
        if (!_counted.TryGetValue(session, out var counted) || Interlocked.Exchange(ref counted.Open, 0) == 0) return;
        _counted.Remove(session);
        var (address, network) = Scopes(session.ClientAddress);
        await Task.WhenAll(Gauge(address, counted.InAddressGauge, -1, cancellationToken), Gauge(network, counted.InNetworkGauge, -1, cancellationToken));
    }

    /// <summary>The counters of one client address and its network against their limits (counting nothing).</summary>
    public async ValueTask<LimitsReport> DescribeAsync(IPAddress client, CancellationToken cancellationToken)
    {
        var options = _options;
        var (address, network) = Scopes(client);
        var usages = new List<LimitUsage>();
        foreach (var (scope, limits) in new[] { (address, options.PerAddress), (network, options.PerNetwork) })
        {
            var open = Math.Max(0, await store.GetGaugeAsync(FlowKeys.Concurrent(scope), cancellationToken));
            var connections = await store.GetWindowAsync(FlowKeys.Connections(scope), limits.ConnectionWindow, cancellationToken);
            var messages = await store.GetWindowAsync(FlowKeys.Messages(scope), limits.MessageWindow, cancellationToken);
            var recipients = await store.GetWindowAsync(FlowKeys.Recipients(scope), limits.RecipientWindow, cancellationToken);
            usages.Add(new LimitUsage(scope.Text, "concurrent connections", open, limits.Concurrent, null, AtLimit(open, limits.Concurrent)));
            usages.Add(new LimitUsage(scope.Text, "connections", connections, limits.Connections, limits.ConnectionWindow, AtLimit(connections, limits.Connections)));
            usages.Add(new LimitUsage(scope.Text, "messages (MAIL)", messages, limits.Messages, limits.MessageWindow, AtLimit(messages, limits.Messages)));
            usages.Add(new LimitUsage(scope.Text, "recipients (RCPT)", recipients, limits.Recipients, limits.RecipientWindow, AtLimit(recipients, limits.Recipients)));
        }
        return new LimitsReport(ClientAddress.Unmapped(client), network, usages);
    }

    private static (SourceScope Address, SourceScope Network) Scopes(IPAddress client) => (SourceScope.Of(client), SourceScope.NetworkOf(client));

    /// <summary>The next one would be refused: the limit is used up.</summary>
    private static bool AtLimit(long count, int limit) => limit > 0 && count >= limit;

    private static bool Over(long count, int limit) => limit > 0 && count > limit;

    /// <summary>A limit that is off is not counted (and costs no round trip).</summary>
    private async Task<long> Gauge(SourceScope scope, bool counted, int delta, CancellationToken cancellationToken) =>
        counted ? await store.AdjustGaugeAsync(FlowKeys.Concurrent(scope), delta, _options.ConcurrencyTtl, cancellationToken) : 0;

    private async Task<long> Window(string key, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        limit > 0 ? await store.AddToWindowAsync(key, window, 1, cancellationToken) : 0;

    private Verdict Refuse(SourceScope scope, string what, string rule) =>
        new(VerdictAction.DeferDisconnect, new SmtpReply(421, "4.7.0", $"{what} {Whose(scope)}; try again later"), Name, rule);

    private Verdict Defer(SourceScope scope, string what, string rule) =>
        Verdict.Defer(new SmtpReply(451, "4.7.1", $"{what} {Whose(scope)}; try again later"), Name, rule);

    private static string Whose(SourceScope scope) => scope.IsNetwork ? $"your network {scope.Text}" : $"your address {scope.Text}";

    /// <summary>A counted session, and which gauges it went into (so it leaves the same ones when the limits changed meanwhile).</summary>
    private sealed class Counted
    {
        public int Open = 1;
        public bool InAddressGauge { get; init; }
        public bool InNetworkGauge { get; init; }
    }
}
