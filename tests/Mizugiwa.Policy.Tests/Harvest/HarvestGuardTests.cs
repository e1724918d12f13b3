using Microsoft.Extensions.Logging;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Harvest;

public sealed class HarvestGuardTests
{
    private const string Harvester = "192.0.2.10";

    [Fact]
    public async Task Tenth_unknown_recipient_blocks_the_address_and_the_block_is_logged()
    {
        var f = new HarvestFixture();
        var session = await f.ConnectAsync(Harvester);
        for (var i = 0; i < 9; i++) Assert.Equal(VerdictAction.Continue, (await f.UnknownAsync(session, $"u{i}")).Action);

        HarvestFixture.IsBlocked(await f.UnknownAsync(session, "u9"));
        var (level, message) = Assert.Single(f.Log.Lines);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains(Harvester, message, StringComparison.Ordinal);
        Assert.Contains("15m", message, StringComparison.Ordinal);
        Assert.Contains("10 unknown recipients in 10m", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_blocked_a_valid_recipient_gets_the_same_450_as_an_unknown_one()
    {
        var f = new HarvestFixture();
        HarvestFixture.IsBlocked(await f.ProbeAsync(Harvester, 10));

        var session = await f.ConnectAsync(Harvester);
        var valid = await f.ValidAsync(session);
        var unknown = await f.UnknownAsync(session);
        HarvestFixture.IsBlocked(valid);
        HarvestFixture.IsBlocked(unknown);
        Assert.Equal(valid.Reply!.ToString(), unknown.Reply!.ToString());
        Assert.DoesNotContain("unknown", valid.Reply.Lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("user", valid.Reply.Lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TimeSpan.Zero, unknown.Delay);
    }

    [Fact]
    public async Task A_blocked_source_is_not_counted_further()
    {
        var f = new HarvestFixture();
        await f.ProbeAsync(Harvester, 10);
        await f.ProbeAsync(Harvester, 20);
        var report = await f.Guard.DescribeAsync(System.Net.IPAddress.Parse(Harvester), default);
        Assert.Equal(10, report.Usages.Single(u => u.Scope == Harvester && u.Name == "unknown recipients").Current);
        Assert.Single(f.Log.Lines);
    }

    [Fact]
    public async Task The_block_lifts_by_itself_after_its_period()
    {
        var f = new HarvestFixture();
        var session = await f.ConnectAsync(Harvester);
        for (var i = 0; i < 10; i++) await f.UnknownAsync(session, $"u{i}");
        f.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        HarvestFixture.IsBlocked(await f.ValidAsync(session));

        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(VerdictAction.Continue, (await f.ValidAsync(session)).Action);
        Assert.Equal(VerdictAction.Continue, (await f.UnknownAsync(session)).Action);
        Assert.Empty(await f.Guard.Blocks.ListBlocksAsync(default));
    }

    [Fact]
    public async Task Repeat_offenders_get_doubling_blocks_up_to_the_cap_and_are_forgiven_after_the_memory()
    {
        var f = new HarvestFixture(new HarvestGuardOptions { GlobalUnknownRecipients = 0, MaxBlock = TimeSpan.FromHours(1) });
        var expected = new[] { 15, 30, 60, 60, 60 };
        for (var offence = 1; offence <= expected.Length; offence++)
        {
            HarvestFixture.IsBlocked(await f.ProbeAsync(Harvester, 10));
            var block = Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default));
            Assert.Equal(offence, block.Level);
            Assert.Equal(TimeSpan.FromMinutes(expected[offence - 1]), block.ExpiresAt - f.Time.GetUtcNow());
            Assert.Contains("10 unknown recipients", block.Reason, StringComparison.Ordinal);
            f.Time.Advance(block.ExpiresAt - f.Time.GetUtcNow());
        }

        f.Time.Advance(TimeSpan.FromDays(7));
        await f.ProbeAsync(Harvester, 10);
        Assert.Equal(1, Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default)).Level);
    }

    [Fact]
    public void Block_length_doubles_from_the_base_and_stops_at_24_hours_by_default()
    {
        var registry = new HarvestFixture().Guard.Blocks;
        Assert.Equal(TimeSpan.FromMinutes(15), registry.DurationOf(1));
        Assert.Equal(TimeSpan.FromMinutes(30), registry.DurationOf(2));
        Assert.Equal(TimeSpan.FromHours(16), registry.DurationOf(7));
        Assert.Equal(TimeSpan.FromHours(24), registry.DurationOf(8));
        Assert.Equal(TimeSpan.FromHours(24), registry.DurationOf(1000));
    }

    [Fact]
    public async Task Transactions_without_data_block_the_address_from_the_fifth()
    {
        var f = new HarvestFixture();
        var session = await f.ConnectAsync(Harvester);
        var withData = new TransactionSummary(3, 1, 0, DataReceived: true);
        var noRecipients = new TransactionSummary(0, 0, 2, DataReceived: false);
        for (var i = 0; i < 10; i++)
        {
            await f.Guard.TransactionEndedAsync(session, withData, default);
            await f.Guard.TransactionEndedAsync(session, noRecipients, default);
        }
        for (var i = 0; i < 4; i++) await f.Guard.TransactionEndedAsync(session, new TransactionSummary(1, 0, 0, false), default);
        Assert.Empty(await f.Guard.Blocks.ListBlocksAsync(default));

        await f.Guard.TransactionEndedAsync(session, new TransactionSummary(0, 1, 0, false), default);
        var block = Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default));
        Assert.Equal(Harvester, block.Source.Text);
        Assert.Equal("5 transactions without DATA in 10m", block.Reason);
        HarvestFixture.IsBlocked(await f.ValidAsync(session));
        HarvestFixture.IsBlocked(await f.ValidAsync(await f.ConnectAsync(Harvester)));
    }

    [Fact]
    public async Task The_unknown_share_needs_its_minimum_sample()
    {
        var f = new HarvestFixture();
        var session = await f.ConnectAsync(Harvester);
        for (var i = 0; i < 3; i++) await f.ValidAsync(session);
        for (var i = 0; i < 6; i++) Assert.Equal(VerdictAction.Continue, (await f.UnknownAsync(session, $"u{i}")).Action);
        // 6 of 9 unknown is over half, but 9 RCPTs are fewer than 10.
        Assert.Empty(await f.Guard.Blocks.ListBlocksAsync(default));

        HarvestFixture.IsBlocked(await f.UnknownAsync(session, "u6"));
        Assert.Equal("7 of 10 recipients unknown in 10m", Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default)).Reason);
    }

    [Fact]
    public async Task A_share_at_or_below_half_does_not_block()
    {
        var f = new HarvestFixture();
        var session = await f.ConnectAsync(Harvester);
        for (var i = 0; i < 6; i++) await f.ValidAsync(session);
        for (var i = 0; i < 6; i++) Assert.Equal(VerdictAction.Continue, (await f.UnknownAsync(session, $"u{i}")).Action);
        Assert.Empty(await f.Guard.Blocks.ListBlocksAsync(default));
    }

    [Fact]
    public async Task The_network_count_catches_many_addresses_each_below_their_own_threshold()
    {
        var f = new HarvestFixture();
        for (var host = 1; host < 10; host++) Assert.Equal(VerdictAction.Continue, (await f.ProbeAsync($"198.51.100.{host}", 3)).Action);
        HarvestFixture.IsBlocked(await f.ProbeAsync("198.51.100.10", 3));

        var block = Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default));
        Assert.True(block.Source.IsNetwork);
        Assert.Equal("198.51.100.0/24", block.Source.Text);
        Assert.Equal("30 unknown recipients in 10m", block.Reason);

        var neighbour = await f.ValidAsync(await f.ConnectAsync("198.51.100.200"));
        HarvestFixture.IsBlocked(neighbour);
        Assert.Contains("your network 198.51.100.0/24", neighbour.Reply!.Lines[0], StringComparison.Ordinal);
        Assert.Equal(VerdictAction.Continue, (await f.ValidAsync(await f.ConnectAsync("198.51.101.1"))).Action);
    }

    [Fact]
    public async Task A_high_domain_wide_unknown_rate_halves_the_per_source_thresholds_while_it_lasts()
    {
        var f = new HarvestFixture(new HarvestGuardOptions { GlobalUnknownRecipients = 20 });
        Assert.Equal(VerdictAction.Continue, (await f.ProbeAsync("203.0.113.10", 5)).Action);
        for (var net = 0; net < 14; net++) await f.ProbeAsync($"10.0.{net}.1", 1);
        Assert.Empty(await f.Guard.Blocks.ListBlocksAsync(default));

        // 19 unknown recipients so far; from the 20th the thresholds are halved: 5 unknown block an address.
        HarvestFixture.IsBlocked(await f.ProbeAsync(Harvester, 5));
        var block = Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default));
        Assert.Equal("5 unknown recipients in 10m (thresholds tightened: domain-wide harvest)", block.Reason);
        HarvestFixture.IsBlocked(await f.ProbeAsync("203.0.113.10", 1));

        f.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(VerdictAction.Continue, (await f.ProbeAsync("192.0.2.99", 9)).Action);
    }

    [Fact]
    public async Task The_tarpit_grows_with_the_unknown_count_and_stops_at_ten_seconds()
    {
        var off = new HarvestThresholds { UnknownRecipients = 0, UnknownShare = 0, RcptOnlyTransactions = 0 };
        var f = new HarvestFixture(new HarvestGuardOptions { PerAddress = off, PerNetwork = off, GlobalUnknownRecipients = 0 });
        var session = await f.ConnectAsync(Harvester);
        var delays = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var verdict = await f.UnknownAsync(session, $"u{i}");
            Assert.Equal(VerdictAction.Continue, verdict.Action);
            delays.Add(verdict.Delay.TotalSeconds);
        }
        Assert.Equal([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10], delays);
        var valid = await f.ValidAsync(session);
        Assert.Equal(TimeSpan.Zero, valid.Delay);
        Assert.Null(valid.Check);

        var tarpitted = await f.UnknownAsync(session);
        Assert.Equal("harvest", tarpitted.Check);
        f.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.Zero, (await f.UnknownAsync(session)).Delay);
    }

    [Fact]
    public async Task Authenticated_and_trusted_sessions_are_neither_counted_nor_blocked()
    {
        var f = new HarvestFixture();
        await f.ProbeAsync(Harvester, 10);
        var calls = f.Store.Calls;

        var user = Contexts.Session(Harvester);
        user.Authenticated = true;
        var allowed = Contexts.Session(Harvester);
        allowed.TrustedBy = "allow client 192.0.2.10";
        foreach (var session in new[] { user, allowed })
        {
            Assert.Equal(VerdictAction.Continue, (await f.Guard.CheckConnectAsync(session, default)).Action);
            Assert.Equal(VerdictAction.Continue, (await f.ValidAsync(session)).Action);
            for (var i = 0; i < 12; i++)
            {
                var verdict = await f.UnknownAsync(session, $"u{i}");
                Assert.Equal(VerdictAction.Continue, verdict.Action);
                Assert.Equal(TimeSpan.Zero, verdict.Delay);
            }
            await f.Guard.TransactionEndedAsync(session, new TransactionSummary(1, 12, 0, false), default);
        }
        Assert.Equal(calls, f.Store.Calls);
    }

    [Fact]
    public async Task Configured_trusted_networks_are_exempt()
    {
        var f = new HarvestFixture(new HarvestGuardOptions
        {
            GlobalUnknownRecipients = 0,
            TrustedNetworks = [System.Net.IPNetwork.Parse("192.0.2.0/28")],
        });
        Assert.Equal(VerdictAction.Continue, (await f.ProbeAsync(Harvester, 30)).Action);
        Assert.Equal(0, f.Store.Calls);
        HarvestFixture.IsBlocked(await f.ProbeAsync("192.0.2.20", 10));
    }

    [Fact]
    public async Task By_default_a_blocked_client_is_let_in_and_deferred_at_rcpt()
    {
        var f = new HarvestFixture();
        await f.ProbeAsync(Harvester, 10);
        var session = Contexts.Session(Harvester);
        Assert.Equal(VerdictAction.Continue, (await f.Guard.CheckConnectAsync(session, default)).Action);
        var calls = f.Store.Calls;
        HarvestFixture.IsBlocked(await f.ValidAsync(session));
        HarvestFixture.IsBlocked(await f.ValidAsync(session));
        Assert.Equal(calls, f.Store.Calls); // the session remembers the block found at connect
    }

    [Fact]
    public async Task Optionally_a_blocked_client_is_refused_with_421_at_connect()
    {
        var f = new HarvestFixture(new HarvestGuardOptions { GlobalUnknownRecipients = 0, RefuseAtConnect = true });
        await f.ProbeAsync(Harvester, 10);
        var verdict = await f.Guard.CheckConnectAsync(Contexts.Session(Harvester), default);
        Replies.Is(verdict, VerdictAction.DeferDisconnect, 421, "4.7.1");
        Assert.Equal(VerdictAction.Continue, (await f.Guard.CheckConnectAsync(Contexts.Session("192.0.2.99"), default)).Action);
    }

    [Fact]
    public async Task Release_lifts_the_block_forgets_offences_and_gives_one_window_of_grace()
    {
        var f = new HarvestFixture();
        await f.ProbeAsync(Harvester, 10);
        f.Time.Advance(TimeSpan.FromMinutes(15));
        await f.ProbeAsync(Harvester, 10);
        Assert.Equal(2, Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default)).Level);

        Assert.True(SourceScope.TryParse(Harvester, out var source));
        Assert.True(await f.Guard.Blocks.ReleaseAsync(source, default));
        Assert.False(await f.Guard.Blocks.ReleaseAsync(source, default));
        Assert.Empty(await f.Guard.Blocks.ListBlocksAsync(default));

        var session = await f.ConnectAsync(Harvester);
        Assert.Equal(VerdictAction.Continue, (await f.ValidAsync(session)).Action);
        Assert.Equal(VerdictAction.Continue, (await f.UnknownAsync(session)).Action);

        f.Time.Advance(TimeSpan.FromMinutes(10));
        await f.ProbeAsync(Harvester, 10);
        Assert.Equal(1, Assert.Single(await f.Guard.Blocks.ListBlocksAsync(default)).Level);
    }

    [Fact]
    public async Task Describe_shows_the_counts_against_the_thresholds()
    {
        var f = new HarvestFixture(new HarvestGuardOptions());
        var session = await f.ConnectAsync(Harvester);
        await f.ValidAsync(session);
        for (var i = 0; i < 3; i++) await f.UnknownAsync(session, $"u{i}");
        await f.Guard.TransactionEndedAsync(session, new TransactionSummary(1, 3, 0, false), default);

        var report = await f.Guard.DescribeAsync(System.Net.IPAddress.Parse(Harvester), default);
        var own = report.Usages.Where(u => u.Scope == Harvester).ToDictionary(u => u.Name);
        Assert.Equal((3, 10), (own["unknown recipients"].Current, own["unknown recipients"].Limit));
        Assert.Equal((1, 5), (own["transactions without DATA"].Current, own["transactions without DATA"].Limit));
        Assert.Equal((75, 50), (own["unknown share %"].Current, own["unknown share %"].Limit));
        Assert.False(own["unknown share %"].Reached);
        Assert.Equal((3, 30), report.Usages.Single(u => u.Scope == "192.0.2.0/24" && u.Name == "unknown recipients") is var n ? (n.Current, n.Limit) : default);
        Assert.Equal((3, 200), report.Usages.Single(u => u.Scope == "all clients") is var g ? (g.Current, g.Limit) : default);
    }
}
