using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Harvest;

/// <summary>
/// Stops directory harvest attacks. Counts, per client address and per network over sliding windows
/// in the shared state store, RCPTs to unknown users, all RCPTs (for the unknown share) and
/// transactions that ended without DATA. A source over a threshold is blocked for a while: every
/// RCPT from it, valid or not, gets the same <c>450 4.7.1</c>, so it learns nothing about which users
/// exist (or it is refused with <c>421 4.7.1</c> at connect, see <see cref="HarvestGuardOptions.RefuseAtConnect"/>).
/// Unknown-user replies are tarpitted. While unknown recipients from all clients run high, the
/// per-source thresholds are tightened. Authenticated and trusted sessions and the configured
/// trusted networks are exempt.
/// </summary>
public sealed class HarvestGuard(IStateStore store, HarvestGuardOptions configured, TimeProvider time, ILogger<HarvestGuard> logger)
    : IConnectCheck, IRcptCheck, ISessionObserver
{
    private readonly ConditionalWeakTable<SessionContext, HarvestBlock> _blockedSessions = new();

    public string Name => "harvest";

    private volatile HarvestGuardOptions _options = configured;

    /// <summary>The thresholds and block lengths in force; <see cref="Reconfigure"/> changes them while running (runtime settings).</summary>
    public HarvestGuardOptions Options => _options;

    public void Reconfigure(HarvestGuardOptions options) => _options = options;

    /// <summary>The blocks, with the block lengths in force.</summary>
    public BlockRegistry Blocks => new(store, _options, time);

    public async ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken)
    {
        if (Exemptions.Applies(session, Options.TrustedNetworks)) return Verdict.Continue;
        var block = await Blocks.FindAsync(session.ClientAddress, cancellationToken);
        if (block is null) return Verdict.Continue;
        _blockedSessions.AddOrUpdate(session, block);
        return Options.RefuseAtConnect
            ? new Verdict(VerdictAction.DeferDisconnect, new SmtpReply(421, "4.7.1", BlockText(block)), Name, block.ToString())
            : Verdict.Continue;
    }

    /// <summary>The block first, before the recipient is looked at; then the counting and the tarpit.</summary>
    public async ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        var session = rcpt.Session;
        if (Exemptions.Applies(session, Options.TrustedNetworks)) return Verdict.Continue;
        if (await CurrentBlockAsync(session, cancellationToken) is { } block) return Blocked(block);
        return rcpt.Status == RecipientStatus.UnknownUser
            ? await CountUnknownAsync(session, cancellationToken)
            : await CountRecipientAsync(session, cancellationToken);
    }

    public async ValueTask TransactionEndedAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken)
    {
        if (summary.DataReceived || summary.AcceptedRecipients + summary.UnknownRecipients == 0) return;
        if (Exemptions.Applies(session, Options.TrustedNetworks) || IsRemembered(session)) return;
        var (address, network) = Scopes(session.ClientAddress);
        var counts = await Task.WhenAll(
            Add(HarvestKeys.RcptOnly(address), Options.PerAddress.Window, cancellationToken),
            Add(HarvestKeys.RcptOnly(network), Options.PerNetwork.Window, cancellationToken),
            GlobalAsync(add: false, cancellationToken));
        var (perAddress, perNetwork, tightened) = Thresholds(counts[2]);
        if (HarvestRules.AfterRcptOnly(perNetwork, counts[1]) is { } networkReason)
            await BlockAsync(session, network, networkReason, tightened, cancellationToken);
        else if (HarvestRules.AfterRcptOnly(perAddress, counts[0]) is { } reason)
            await BlockAsync(session, address, reason, tightened, cancellationToken);
    }

    public ValueTask SessionEndedAsync(SessionContext session, CancellationToken cancellationToken)
    {
        _blockedSessions.Remove(session);
        return ValueTask.CompletedTask;
    }

    /// <summary>The harvest counters of one client address and its network against their thresholds (counting nothing).</summary>
    public async ValueTask<LimitsReport> DescribeAsync(IPAddress client, CancellationToken cancellationToken)
    {
        var (address, network) = Scopes(client);
        var global = Options.GlobalUnknownRecipients > 0 ? await store.GetWindowAsync(HarvestKeys.GlobalUnknown, Options.GlobalWindow, cancellationToken) : 0;
        var (perAddress, perNetwork, tightened) = Thresholds(global);
        var note = tightened ? "tightened: domain-wide harvest" : null;
        var usages = new List<LimitUsage>();
        foreach (var (scope, t) in new[] { (address, perAddress), (network, perNetwork) })
        {
            var unknown = await store.GetWindowAsync(HarvestKeys.Unknown(scope), t.Window, cancellationToken);
            var recipients = await store.GetWindowAsync(HarvestKeys.Recipients(scope), t.Window, cancellationToken);
            var rcptOnly = await store.GetWindowAsync(HarvestKeys.RcptOnly(scope), t.Window, cancellationToken);
            var share = recipients > 0 ? unknown * 100 / recipients : 0;
            var shareLimit = (long)Math.Round(t.UnknownShare * 100);
            usages.Add(new LimitUsage(scope.Text, "unknown recipients", unknown, t.UnknownRecipients, t.Window, t.UnknownRecipients > 0 && unknown >= t.UnknownRecipients, note));
            usages.Add(new LimitUsage(scope.Text, "transactions without DATA", rcptOnly, t.RcptOnlyTransactions, t.Window, t.RcptOnlyTransactions > 0 && rcptOnly >= t.RcptOnlyTransactions, note));
            usages.Add(new LimitUsage(scope.Text, "unknown share %", share, shareLimit, t.Window,
                HarvestRules.AfterUnknown(t with { UnknownRecipients = 0 }, unknown, recipients) is not null,
                $"of {recipients} RCPTs; needs at least {t.MinimumRecipientsForShare}"));
        }
        usages.Add(new LimitUsage("all clients", "unknown recipients", global, Options.GlobalUnknownRecipients, Options.GlobalWindow, tightened,
            Options.GlobalUnknownRecipients > 0 ? $"from the limit on, per-source thresholds × {Options.TighteningFactor}" : null));
        return new LimitsReport(ClientAddress.Unmapped(client), network, usages);
    }

    private async ValueTask<Verdict> CountUnknownAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var (address, network) = Scopes(session.ClientAddress);
        var counts = await Task.WhenAll(
            Add(HarvestKeys.Unknown(address), Options.PerAddress.Window, cancellationToken),
            Add(HarvestKeys.Recipients(address), Options.PerAddress.Window, cancellationToken),
            Add(HarvestKeys.Unknown(network), Options.PerNetwork.Window, cancellationToken),
            Add(HarvestKeys.Recipients(network), Options.PerNetwork.Window, cancellationToken),
            GlobalAsync(add: true, cancellationToken));
        var (perAddress, perNetwork, tightened) = Thresholds(counts[4]);
        var block = HarvestRules.AfterUnknown(perNetwork, counts[2], counts[3]) is { } networkReason
            ? await BlockAsync(session, network, networkReason, tightened, cancellationToken)
            : HarvestRules.AfterUnknown(perAddress, counts[0], counts[1]) is { } reason
                ? await BlockAsync(session, address, reason, tightened, cancellationToken)
                : null;
        if (block is not null) return Blocked(block);

        var delay = HarvestRules.Tarpit(counts[0], Options);
        return delay > TimeSpan.Zero
            ? Verdict.Continue with { Delay = delay, Check = Name, Rule = $"tarpit {DurationText.Format(delay)}: {counts[0]} unknown recipients" }
            : Verdict.Continue;
    }

    private async ValueTask<Verdict> CountRecipientAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var (address, network) = Scopes(session.ClientAddress);
        await Task.WhenAll(
            Add(HarvestKeys.Recipients(address), Options.PerAddress.Window, cancellationToken),
            Add(HarvestKeys.Recipients(network), Options.PerNetwork.Window, cancellationToken));
        return Verdict.Continue;
    }

    /// <summary>The block the session already knows of (until it expires), else the one in the store.</summary>
    private async ValueTask<HarvestBlock?> CurrentBlockAsync(SessionContext session, CancellationToken cancellationToken)
    {
        if (_blockedSessions.TryGetValue(session, out var known))
        {
            if (known.ExpiresAt > time.GetUtcNow()) return known;
            _blockedSessions.Remove(session);
        }
        var block = await Blocks.FindAsync(session.ClientAddress, cancellationToken);
        if (block is not null) _blockedSessions.AddOrUpdate(session, block);
        return block;
    }

    private bool IsRemembered(SessionContext session) =>
        _blockedSessions.TryGetValue(session, out var known) && known.ExpiresAt > time.GetUtcNow();

    private async ValueTask<HarvestBlock?> BlockAsync(SessionContext session, SourceScope source, string reason, bool tightened, CancellationToken cancellationToken)
    {
        if (tightened) reason += " (thresholds tightened: domain-wide harvest)";
        var block = await Blocks.BlockAsync(source, reason, cancellationToken);
        if (block is null) return null;
        _blockedSessions.AddOrUpdate(session, block);
        logger.LogWarning("harvest guard: blocked {Source} for {Duration} (offence {Level}): {Reason}",
            source.Text, DurationText.Format(block.ExpiresAt - time.GetUtcNow()), block.Level, reason);
        return block;
    }

    private (HarvestThresholds PerAddress, HarvestThresholds PerNetwork, bool Tightened) Thresholds(long globalUnknown) =>
        HarvestRules.IsHigh(globalUnknown, Options)
            ? (Options.PerAddress.Tightened(Options.TighteningFactor), Options.PerNetwork.Tightened(Options.TighteningFactor), true)
            : (Options.PerAddress, Options.PerNetwork, false);

    private Task<long> GlobalAsync(bool add, CancellationToken cancellationToken) =>
        Options.GlobalUnknownRecipients <= 0 ? Task.FromResult(0L)
        : add ? Add(HarvestKeys.GlobalUnknown, Options.GlobalWindow, cancellationToken)
        : store.GetWindowAsync(HarvestKeys.GlobalUnknown, Options.GlobalWindow, cancellationToken).AsTask();

    private Task<long> Add(string key, TimeSpan window, CancellationToken cancellationToken) =>
        store.AddToWindowAsync(key, window, 1, cancellationToken).AsTask();

    private Verdict Blocked(HarvestBlock block) =>
        Verdict.Defer(new SmtpReply(450, "4.7.1", BlockText(block)), Name, block.ToString());

    /// <summary>The same text for every recipient: it tells nothing about whether the user exists.</summary>
    private static string BlockText(HarvestBlock block) =>
        $"Service temporarily unavailable for {(block.Source.IsNetwork ? "your network" : "your address")} {block.Source.Text}; try again later";

    private static (SourceScope Address, SourceScope Network) Scopes(IPAddress client) => (SourceScope.Of(client), SourceScope.NetworkOf(client));
}
