using System.Net;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Flow;

public sealed class FlowControlTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStateStore _store;

    public FlowControlTests() => _store = new InMemoryStateStore(_time);

    private FlowControl Flow(FlowControlOptions? options = null) => new(_store, options ?? new FlowControlOptions());

    private static async Task<(SessionContext Session, Verdict Verdict)> ConnectAsync(FlowControl flow, string ip)
    {
        var session = Contexts.Session(ip);
        var verdict = await flow.CheckConnectAsync(session, default);
        Replies.NeverPermanent(verdict);
        return (session, verdict);
    }

    private long OpenFrom(string ip) => _store.Gauge("flow:concurrent:ip:" + ip);

    [Fact]
    public async Task Concurrent_connections_are_limited_and_freed_when_sessions_end()
    {
        var flow = Flow();
        var open = new List<SessionContext>();
        for (var i = 0; i < 20; i++)
        {
            var (session, verdict) = await ConnectAsync(flow, "192.0.2.10");
            Assert.Equal(VerdictAction.Continue, verdict.Action);
            open.Add(session);
        }
        var (refused, over) = await ConnectAsync(flow, "192.0.2.10");
        Replies.Is(over, VerdictAction.DeferDisconnect, 421, "4.7.0");
        Assert.Contains("192.0.2.10", over.Reply!.Lines[0], StringComparison.Ordinal);

        // The session of the refused connection ends too: it is taken out of the gauge, once.
        await flow.SessionEndedAsync(refused, default);
        await flow.SessionEndedAsync(refused, default);
        Assert.Equal(20, OpenFrom("192.0.2.10"));

        await flow.SessionEndedAsync(open[0], default);
        Assert.Equal(19, OpenFrom("192.0.2.10"));
        Assert.Equal(VerdictAction.Continue, (await ConnectAsync(flow, "192.0.2.10")).Verdict.Action);
    }

    [Fact]
    public async Task Refused_connections_never_leave_the_gauge_high()
    {
        var flow = Flow(new FlowControlOptions { PerAddress = new FlowLimits { Concurrent = 1 } });
        var (first, _) = await ConnectAsync(flow, "192.0.2.10");
        for (var i = 0; i < 5; i++)
        {
            var (session, verdict) = await ConnectAsync(flow, "192.0.2.10");
            Replies.Is(verdict, VerdictAction.DeferDisconnect, 421, "4.7.0");
            await flow.SessionEndedAsync(session, default);
        }
        await flow.SessionEndedAsync(first, default);
        Assert.Equal(0, OpenFrom("192.0.2.10"));
        Assert.Equal(0, _store.Gauge("flow:concurrent:net:192.0.2.0/24"));
    }

    [Fact]
    public async Task A_session_whose_connect_flow_control_never_saw_is_not_taken_out()
    {
        var flow = Flow();
        var (counted, _) = await ConnectAsync(flow, "192.0.2.10");
        // e.g. trusted networks accepted the connection before flow control ran
        await flow.SessionEndedAsync(Contexts.Session("192.0.2.10"), default);
        Assert.Equal(1, OpenFrom("192.0.2.10"));
        await flow.SessionEndedAsync(counted, default);
        Assert.Equal(0, OpenFrom("192.0.2.10"));
    }

    [Fact]
    public async Task New_limits_apply_to_the_next_count_and_a_session_leaves_the_gauges_it_entered()
    {
        var flow = Flow(new FlowControlOptions { PerAddress = new FlowLimits { Concurrent = 0, Recipients = 500 } });
        var (uncounted, _) = await ConnectAsync(flow, "192.0.2.10");
        Assert.Equal(0, OpenFrom("192.0.2.10"));

        flow.Reconfigure(new FlowControlOptions { PerAddress = new FlowLimits { Concurrent = 5, Recipients = 2 } });
        Assert.Equal(2, flow.Options.PerAddress.Recipients);
        var (counted, _) = await ConnectAsync(flow, "192.0.2.10");
        Assert.Equal(1, OpenFrom("192.0.2.10"));
        for (var i = 0; i < 2; i++) Assert.Equal(VerdictAction.Continue, (await flow.CheckRcptAsync(Contexts.Rcpt(counted), default)).Action);
        Replies.Is(await flow.CheckRcptAsync(Contexts.Rcpt(counted), default), VerdictAction.Defer, 451, "4.7.1");

        await flow.SessionEndedAsync(uncounted, default); // was never in the gauge: must not take the other one out
        Assert.Equal(1, OpenFrom("192.0.2.10"));
        flow.Reconfigure(new FlowControlOptions { PerAddress = new FlowLimits { Concurrent = 0 } });
        await flow.SessionEndedAsync(counted, default); // was in it: leaves it although the limit is off now
        Assert.Equal(0, OpenFrom("192.0.2.10"));
    }

    [Fact]
    public async Task Connection_rate_is_limited_per_window()
    {
        var flow = Flow();
        for (var i = 0; i < 60; i++)
        {
            var (session, verdict) = await ConnectAsync(flow, "192.0.2.10");
            Assert.Equal(VerdictAction.Continue, verdict.Action);
            await flow.SessionEndedAsync(session, default);
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }
        var (refused, over) = await ConnectAsync(flow, "192.0.2.10");
        Replies.Is(over, VerdictAction.DeferDisconnect, 421, "4.7.0");
        Assert.Contains("rate", over.Reply!.Lines[0], StringComparison.Ordinal);
        await flow.SessionEndedAsync(refused, default);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(VerdictAction.Continue, (await ConnectAsync(flow, "192.0.2.10")).Verdict.Action);
    }

    [Fact]
    public async Task Message_rate_is_limited_at_mail_with_451()
    {
        var flow = Flow();
        var (session, _) = await ConnectAsync(flow, "192.0.2.10");
        for (var i = 0; i < 120; i++) Assert.Equal(VerdictAction.Continue, (await flow.CheckMailAsync(session, default)).Action);
        Replies.Is(await flow.CheckMailAsync(session, default), VerdictAction.Defer, 451, "4.7.1");

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(VerdictAction.Continue, (await flow.CheckMailAsync(session, default)).Action);
    }

    [Fact]
    public async Task Recipient_rate_is_limited_at_rcpt_with_451()
    {
        var flow = Flow();
        var (session, _) = await ConnectAsync(flow, "192.0.2.10");
        for (var i = 0; i < 500; i++) Assert.Equal(VerdictAction.Continue, (await flow.CheckRcptAsync(Contexts.Rcpt(session), default)).Action);
        var over = await flow.CheckRcptAsync(Contexts.Rcpt(session, "bob@example.test", Core.RecipientStatus.UnknownUser), default);
        Replies.Is(over, VerdictAction.Defer, 451, "4.7.1");
        Assert.Contains("Recipient rate", over.Reply!.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_limits_add_up_the_addresses_of_one_network()
    {
        var flow = Flow();
        for (var host = 1; host <= 4; host++)
            for (var i = 0; i < 20; i++)
                Assert.Equal(VerdictAction.Continue, (await ConnectAsync(flow, $"198.51.100.{host}")).Verdict.Action);

        var (_, over) = await ConnectAsync(flow, "198.51.100.5");
        Replies.Is(over, VerdictAction.DeferDisconnect, 421, "4.7.0");
        Assert.Contains("198.51.100.0/24", over.Reply!.Lines[0], StringComparison.Ordinal);
        Assert.Equal(VerdictAction.Continue, (await ConnectAsync(flow, "198.51.101.5")).Verdict.Action);
    }

    [Fact]
    public async Task Network_message_rate_catches_addresses_each_below_their_own_limit()
    {
        var flow = Flow(new FlowControlOptions { PerNetwork = FlowLimits.DefaultPerNetwork with { Messages = 10 } });
        for (var host = 1; host <= 10; host++)
            Assert.Equal(VerdictAction.Continue, (await flow.CheckMailAsync(Contexts.Session($"203.0.113.{host}"), default)).Action);
        var over = await flow.CheckMailAsync(Contexts.Session("203.0.113.11"), default);
        Replies.Is(over, VerdictAction.Defer, 451, "4.7.1");
        Assert.Contains("your network 203.0.113.0/24", over.Reply!.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6_clients_are_grouped_by_64()
    {
        var flow = Flow(new FlowControlOptions { PerNetwork = FlowLimits.DefaultPerNetwork with { Concurrent = 2 } });
        await ConnectAsync(flow, "2001:db8:1:2::10");
        await ConnectAsync(flow, "2001:db8:1:2:ffff::1");
        var (_, over) = await ConnectAsync(flow, "2001:db8:1:2::99");
        Replies.Is(over, VerdictAction.DeferDisconnect, 421, "4.7.0");
        Assert.Equal(VerdictAction.Continue, (await ConnectAsync(flow, "2001:db8:1:3::10")).Verdict.Action);
    }

    [Fact]
    public async Task Authenticated_trusted_and_configured_networks_are_neither_counted_nor_limited()
    {
        var flow = Flow(new FlowControlOptions
        {
            PerAddress = new FlowLimits { Concurrent = 1, Messages = 1, Recipients = 1 },
            TrustedNetworks = [IPNetwork.Parse("192.0.2.0/28")],
        });
        for (var i = 0; i < 3; i++)
        {
            var (session, verdict) = await ConnectAsync(flow, "192.0.2.5");
            Assert.Equal(VerdictAction.Continue, verdict.Action);
            Assert.Equal(VerdictAction.Continue, (await flow.CheckMailAsync(session, default)).Action);
        }
        Assert.Equal(0, OpenFrom("192.0.2.5"));

        var user = Contexts.Session("198.51.100.7");
        user.Authenticated = true;
        var allowed = Contexts.Session("198.51.100.8");
        allowed.TrustedBy = "allow client 198.51.100.8";
        foreach (var session in new[] { user, allowed })
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(VerdictAction.Continue, (await flow.CheckMailAsync(session, default)).Action);
                Assert.Equal(VerdictAction.Continue, (await flow.CheckRcptAsync(Contexts.Rcpt(session), default)).Action);
            }
    }

    [Fact]
    public async Task A_limit_of_zero_is_off_and_costs_no_round_trip()
    {
        var off = new FlowLimits { Concurrent = 0, Connections = 0, Messages = 0, Recipients = 0 };
        var flow = Flow(new FlowControlOptions { PerAddress = off, PerNetwork = off });
        var (session, verdict) = await ConnectAsync(flow, "192.0.2.10");
        Assert.Equal(VerdictAction.Continue, verdict.Action);
        Assert.Equal(VerdictAction.Continue, (await flow.CheckMailAsync(session, default)).Action);
        await flow.SessionEndedAsync(session, default);
        Assert.Equal(0, _store.Calls);
    }

    [Fact]
    public async Task Describe_shows_counts_against_limits_for_the_address_and_its_network()
    {
        var flow = Flow();
        var (session, _) = await ConnectAsync(flow, "192.0.2.10");
        await ConnectAsync(flow, "192.0.2.11");
        await flow.CheckMailAsync(session, default);
        await flow.CheckRcptAsync(Contexts.Rcpt(session), default);
        var calls = _store.Calls;

        var report = await flow.DescribeAsync(IPAddress.Parse("::ffff:192.0.2.10"), default);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), report.Address);
        Assert.Equal("192.0.2.0/24", report.Network.Text);
        var address = report.Usages.Where(u => u.Scope == "192.0.2.10").ToDictionary(u => u.Name, u => (u.Current, u.Limit));
        Assert.Equal((1, 20), address["concurrent connections"]);
        Assert.Equal((1, 60), address["connections"]);
        Assert.Equal((1, 120), address["messages (MAIL)"]);
        Assert.Equal((1, 500), address["recipients (RCPT)"]);
        Assert.Equal((2, 80), report.Usages.Single(u => u.Scope == "192.0.2.0/24" && u.Name == "concurrent connections") is var n ? (n.Current, n.Limit) : default);
        Assert.Contains("connections / 1m", report.Usages.Single(u => u.Scope == "192.0.2.10" && u.Name == "connections").ToString(), StringComparison.Ordinal);

        // Describing counts nothing.
        await flow.DescribeAsync(IPAddress.Parse("192.0.2.10"), default);
        Assert.Equal(1, (await flow.DescribeAsync(IPAddress.Parse("192.0.2.10"), default)).Usages.Single(u => u.Scope == "192.0.2.10" && u.Name == "connections").Current);
        Assert.True(_store.Calls > calls);
    }
}
