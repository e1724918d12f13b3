using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Testing;

namespace Mizugiwa.Policy.Tests.Harvest;

/// <summary>A harvest guard over an in-memory store and a fake clock, and a client that probes it.</summary>
internal sealed class HarvestFixture
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public InMemoryStateStore Store { get; }
    public ListLogger<HarvestGuard> Log { get; } = new();
    public HarvestGuard Guard { get; }

    /// <summary>The global rule is off unless a test turns it on, so tests of one source are not disturbed.</summary>
    public HarvestFixture(HarvestGuardOptions? options = null)
    {
        Store = new InMemoryStateStore(Time);
        Guard = new HarvestGuard(Store, options ?? new HarvestGuardOptions { GlobalUnknownRecipients = 0 }, Time, Log);
    }

    public async Task<SessionContext> ConnectAsync(string ip)
    {
        var session = Contexts.Session(ip);
        Replies.NeverPermanent(await Guard.CheckConnectAsync(session, default));
        return session;
    }

    public async Task<Verdict> UnknownAsync(SessionContext session, string user = "nobody")
    {
        var verdict = await Guard.CheckRcptAsync(Contexts.Rcpt(session, $"{user}@example.test", RecipientStatus.UnknownUser), default);
        Replies.NeverPermanent(verdict);
        return verdict;
    }

    public async Task<Verdict> ValidAsync(SessionContext session)
    {
        var verdict = await Guard.CheckRcptAsync(Contexts.Rcpt(session, "alice@example.test"), default);
        Replies.NeverPermanent(verdict);
        return verdict;
    }

    /// <summary>A new session from <paramref name="ip"/> that sends <paramref name="count"/> unknown recipients; the last verdict.</summary>
    public async Task<Verdict> ProbeAsync(string ip, int count)
    {
        var session = await ConnectAsync(ip);
        var verdict = Verdict.Continue;
        for (var i = 0; i < count; i++) verdict = await UnknownAsync(session, $"user{i}");
        await Guard.SessionEndedAsync(session, default);
        return verdict;
    }

    public static void IsBlocked(Verdict verdict)
    {
        Replies.Is(verdict, VerdictAction.Defer, 450, "4.7.1");
        Assert.Equal("harvest", verdict.Check);
    }
}
