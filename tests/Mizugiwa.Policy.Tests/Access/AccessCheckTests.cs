using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Access;

public sealed class AccessCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-access-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly SqliteAccessStore _store;
    private readonly AccessCheck _check;

    public AccessCheckTests()
    {
        _store = new SqliteAccessStore(Path.Combine(_dir, "db.sqlite"));
        _check = new AccessCheck(new AccessList(_store, _time, TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private Task Add(AccessKind kind, string pattern, AccessAction action) => _store.AddAsync(new AccessRule(kind, pattern, action), default);

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.77", true)]
    [InlineData("192.0.2.5", "192.0.2.5", true)]
    [InlineData("192.0.2.0/24", "192.0.3.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::9", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    public async Task Client_deny_by_address_and_network(string pattern, string client, bool denied)
    {
        await Add(AccessKind.Client, pattern, AccessAction.Deny);
        var verdict = await _check.CheckConnectAsync(Contexts.Session(client), default);
        Assert.Equal(denied ? VerdictAction.Reject : VerdictAction.Continue, verdict.Action);
    }

    [Fact]
    public async Task Client_allow_makes_the_session_trusted()
    {
        await Add(AccessKind.Client, "192.0.2.0/24", AccessAction.Allow);
        var session = Contexts.Session("192.0.2.9");
        Assert.Equal(VerdictAction.Accept, (await _check.CheckConnectAsync(session, default)).Action);
        Assert.Equal("allow client 192.0.2.0/24", session.TrustedBy);
    }

    [Fact]
    public async Task Sender_rules_by_address_and_domain()
    {
        await Add(AccessKind.Sender, "spam.test", AccessAction.Deny);
        await Add(AccessKind.Sender, "friend@partner.test", AccessAction.Allow);
        var spammer = Contexts.Session();
        spammer.Sender = "x@mail.spam.test";
        Assert.Equal(VerdictAction.Reject, (await _check.CheckMailAsync(spammer, default)).Action);
        var friend = Contexts.Session();
        friend.Sender = "Friend@Partner.test";
        Assert.Equal(VerdictAction.Accept, (await _check.CheckMailAsync(friend, default)).Action);
    }

    [Fact]
    public async Task Recipient_allow_exempts_and_deny_refuses()
    {
        await Add(AccessKind.Recipient, "abuse@example.test", AccessAction.Allow);
        await Add(AccessKind.Recipient, "old@example.test", AccessAction.Deny);
        var session = Contexts.Session();
        Assert.Equal(VerdictAction.Accept, (await _check.CheckRcptAsync(Contexts.Rcpt(session, "abuse@example.test"), default)).Action);
        Assert.Equal(VerdictAction.Reject, (await _check.CheckRcptAsync(Contexts.Rcpt(session, "old@example.test"), default)).Action);
    }

    [Fact]
    public async Task Client_name_rules_match_the_domain_and_below()
    {
        await Add(AccessKind.ClientName, "dyn.example.net", AccessAction.Deny);
        var verdict = await _check.CheckRcptAsync(Contexts.Rcpt(Contexts.Session(clientName: "adsl-1.dyn.example.net")), default);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("deny clientname dyn.example.net", verdict.Rule);
    }

    [Fact]
    public async Task Changes_show_after_the_refresh_interval()
    {
        var session = Contexts.Session("198.51.100.1");
        Assert.Equal(VerdictAction.Continue, (await _check.CheckConnectAsync(session, default)).Action);
        await Add(AccessKind.Client, "198.51.100.1", AccessAction.Deny);
        Assert.Equal(VerdictAction.Continue, (await _check.CheckConnectAsync(session, default)).Action);
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(VerdictAction.Reject, (await _check.CheckConnectAsync(session, default)).Action);
    }

    [Theory]
    [InlineData(AccessKind.Client, "300.1.1.1")]
    [InlineData(AccessKind.Client, "example.test")]
    [InlineData(AccessKind.Sender, "bad address@x.test")]
    [InlineData(AccessKind.ClientName, "-bad-.test")]
    public async Task Bad_patterns_are_refused(AccessKind kind, string pattern) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Add(kind, pattern, AccessAction.Deny));
}
