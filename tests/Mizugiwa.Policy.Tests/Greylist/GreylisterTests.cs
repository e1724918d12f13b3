using System.Net;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Policy.Tests.Greylist;

public sealed class GreylisterTests : IDisposable
{
    private readonly GreylistFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task First_sighting_is_deferred_with_451_and_the_seconds_left()
    {
        var decision = await _f.CheckAsync("192.0.2.1");
        Assert.False(decision.Passed);
        Assert.Equal(300, decision.SecondsLeft);
        Assert.Equal(451, decision.Reply!.Code);
        Assert.Equal("4.7.1", decision.Reply.EnhancedCode);
        Assert.Equal("Greylisted, please try again in 300 seconds; see https://www.rfc-editor.org/rfc/rfc6647", decision.Reply.Lines.Single());
    }

    [Fact]
    public async Task Retry_at_299_seconds_is_deferred_and_at_301_passes()
    {
        await _f.CheckAsync("192.0.2.1");
        _f.Advance(TimeSpan.FromSeconds(299));
        var early = await _f.CheckAsync("192.0.2.1");
        Assert.False(early.Passed);
        Assert.Equal(1, early.SecondsLeft);
        Assert.StartsWith("Greylisted, please try again in 1 second; see ", early.Reply!.Lines.Single());
        _f.Advance(TimeSpan.FromSeconds(2));
        var retry = await _f.CheckAsync("192.0.2.1");
        Assert.True(retry.Passed);
        Assert.Equal(GreylistPassReason.RetriedAfterDelay, retry.Reason);
        Assert.Null(retry.Reply);
    }

    [Fact]
    public async Task Early_retries_do_not_reset_the_first_attempt()
    {
        await _f.CheckAsync("192.0.2.1");
        _f.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(180, (await _f.CheckAsync("192.0.2.1")).SecondsLeft);
        _f.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(60, (await _f.CheckAsync("192.0.2.1")).SecondsLeft);
        _f.Advance(TimeSpan.FromSeconds(61));
        Assert.True((await _f.CheckAsync("192.0.2.1")).Passed);
    }

    [Fact]
    public async Task A_passed_triplet_passes_again_at_once_and_other_triplets_are_still_greylisted()
    {
        await PassAsync("192.0.2.1");
        var again = await _f.CheckAsync("192.0.2.1");
        Assert.Equal(GreylistPassReason.KnownTriplet, again.Reason);
        Assert.False((await _f.CheckAsync("192.0.2.1", recipient: "carol@ours.example")).Passed);
        Assert.False((await _f.CheckAsync("192.0.2.1", sender: "dave@sender.example")).Passed);
        Assert.False((await _f.CheckAsync("192.0.3.1")).Passed);
    }

    [Fact]
    public async Task A_retry_after_the_retry_window_starts_over()
    {
        await _f.CheckAsync("192.0.2.1");
        _f.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        var late = await _f.CheckAsync("192.0.2.1");
        Assert.False(late.Passed);
        Assert.Equal(300, late.SecondsLeft);
        _f.Advance(TimeSpan.FromSeconds(300));
        Assert.True((await _f.CheckAsync("192.0.2.1")).Passed);
    }

    [Fact]
    public async Task A_retry_just_inside_the_retry_window_passes()
    {
        await _f.CheckAsync("192.0.2.1");
        _f.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.True((await _f.CheckAsync("192.0.2.1")).Passed);
    }

    [Fact]
    public async Task A_passed_triplet_lives_35_days_since_last_seen()
    {
        await PassAsync("192.0.2.1");
        _f.Advance(TimeSpan.FromDays(34));
        Assert.Equal(GreylistPassReason.KnownTriplet, (await _f.CheckAsync("192.0.2.1")).Reason);
        _f.Advance(TimeSpan.FromDays(34));
        Assert.True((await _f.CheckAsync("192.0.2.1")).Passed);
        _f.Advance(TimeSpan.FromDays(35) + TimeSpan.FromSeconds(1));
        Assert.False((await _f.CheckAsync("192.0.2.1")).Passed);
    }

    [Fact]
    public async Task Purge_removes_entries_not_seen_for_35_days_and_unpassed_ones_past_the_window()
    {
        await PassAsync("192.0.2.1");                    // passed, kept until 35 days idle
        await _f.CheckAsync("198.51.100.1");              // never passes
        _f.Advance(TimeSpan.FromDays(3));
        await _f.CheckAsync("203.0.113.1");               // new, still inside its window
        Assert.Equal(1, await _f.Greylister.PurgeAsync());
        Assert.Null(await _f.Store.GetAsync(Key("198.51.100.1")));
        Assert.NotNull(await _f.Store.GetAsync(Key("192.0.2.1")));
        Assert.NotNull(await _f.Store.GetAsync(Key("203.0.113.1")));

        _f.Advance(TimeSpan.FromDays(33));
        Assert.Equal(3, await _f.Greylister.PurgeAsync()); // 192.0.2.1's triplet and client counter, 203.0.113.1's expired window
        Assert.Null(await _f.Store.GetAsync(Key("192.0.2.1")));
        Assert.Null(await _f.Store.GetClientAsync("192.0.2.0/24"));
        Assert.False((await _f.CheckAsync("192.0.2.1")).Passed);
    }

    [Fact]
    public async Task A_client_network_that_passed_5_times_is_auto_whitelisted()
    {
        for (int i = 1; i <= 4; i++) await PassAsync("192.0.2.1", recipient: $"user{i}@ours.example");
        Assert.False((await _f.CheckAsync("192.0.2.77", recipient: "new@ours.example")).Passed);
        await PassAsync("192.0.2.1", recipient: "user5@ours.example");
        var direct = await _f.CheckAsync("192.0.2.200", sender: "someone@else.example", recipient: "other@ours.example");
        Assert.True(direct.Passed);
        Assert.Equal(GreylistPassReason.AutoWhitelistedClient, direct.Reason);
        Assert.False((await _f.CheckAsync("192.0.3.1", recipient: "other@ours.example")).Passed);
    }

    [Fact]
    public async Task Deliveries_on_a_known_triplet_count_towards_the_auto_whitelist()
    {
        await PassAsync("192.0.2.1");
        for (int i = 0; i < 4; i++) await _f.CheckAsync("192.0.2.1");
        Assert.Equal(GreylistPassReason.AutoWhitelistedClient, (await _f.CheckAsync("192.0.2.9", recipient: "x@ours.example")).Reason);
    }

    [Fact]
    public async Task Auto_whitelist_can_be_turned_off()
    {
        using var f = new GreylistFixture(new GreylistOptions { AutoWhitelistAfter = 0 });
        for (int i = 1; i <= 6; i++)
        {
            await f.CheckAsync("192.0.2.1", recipient: $"user{i}@ours.example");
            f.Advance(TimeSpan.FromSeconds(301));
            Assert.True((await f.CheckAsync("192.0.2.1", recipient: $"user{i}@ours.example")).Passed);
        }
        Assert.False((await f.CheckAsync("192.0.2.1", recipient: "new@ours.example")).Passed);
    }

    [Fact]
    public async Task Sender_variants_are_one_triplet()
    {
        await _f.CheckAsync("192.0.2.1", sender: "Alice+list-123@Sender.Example");
        _f.Advance(TimeSpan.FromSeconds(301));
        Assert.True((await _f.CheckAsync("192.0.2.1", sender: "prvs=1234abcdef=alice@sender.example")).Passed);
        Assert.True((await _f.CheckAsync("192.0.2.1", sender: "<ALICE@SENDER.EXAMPLE>", recipient: "Bob@Ours.Example")).Passed);
    }

    [Fact]
    public async Task Hosts_of_one_IPv6_64_share_a_triplet()
    {
        await _f.CheckAsync("2001:db8:1:2::25");
        _f.Advance(TimeSpan.FromSeconds(301));
        Assert.True((await _f.CheckAsync("2001:db8:1:2:ffff::1")).Passed);
        Assert.False((await _f.CheckAsync("2001:db8:1:3::25")).Passed);
    }

    [Fact]
    public async Task A_large_sender_retrying_from_another_network_of_its_pool_passes()
    {
        var first = await _f.CheckAsync("192.0.2.1", name: "out1.mail.bigsender.example");
        Assert.False(first.Passed);
        Assert.Equal("bigsender.example", first.Key.Client);
        _f.Advance(TimeSpan.FromSeconds(301));
        var retry = await _f.CheckAsync("198.51.100.7", name: "out9.mail.bigsender.example");
        Assert.True(retry.Passed);
        Assert.Equal(GreylistPassReason.RetriedAfterDelay, retry.Reason);
    }

    [Fact]
    public async Task Without_a_name_the_retry_from_another_network_is_greylisted_again()
    {
        await _f.CheckAsync("192.0.2.1", name: "unknown");
        _f.Advance(TimeSpan.FromSeconds(301));
        Assert.False((await _f.CheckAsync("198.51.100.7", name: null)).Passed);
    }

    [Fact]
    public async Task State_survives_a_new_store_on_the_same_file()
    {
        await _f.CheckAsync("192.0.2.1");
        _f.Advance(TimeSpan.FromSeconds(301));
        var reopened = new Greylister(new SqliteGreylistStore(_f.DatabasePath), _f.Options, _f.Time);
        var retry = await reopened.CheckAsync(IPAddress.Parse("192.0.2.1"), null, "alice@sender.example", "bob@ours.example");
        Assert.True(retry.Passed);
        var third = new Greylister(new SqliteGreylistStore(_f.DatabasePath), _f.Options, _f.Time);
        Assert.Equal(GreylistPassReason.KnownTriplet, (await third.CheckAsync(IPAddress.Parse("192.0.2.9"), null, "alice@sender.example", "bob@ours.example")).Reason);
    }

    [Fact]
    public async Task A_whitelist_lets_the_client_through_without_an_entry()
    {
        var greylister = new Greylister(_f.Store, _f.Options, _f.Time, new RecipientOptOut("bob@ours.example"));
        var decision = await greylister.CheckAsync(IPAddress.Parse("192.0.2.1"), null, "alice@sender.example", "bob@ours.example");
        Assert.Equal(GreylistPassReason.Whitelisted, decision.Reason);
        Assert.Null(await _f.Store.GetAsync(decision.Key));
    }

    [Theory]
    [InlineData(-1, 2 * 86400, 35, 5)]
    [InlineData(300, 300, 35, 5)]
    [InlineData(300, 2 * 86400, 0, 5)]
    [InlineData(300, 2 * 86400, 35, -1)]
    public void Bad_options_are_refused(int delaySeconds, int windowSeconds, int expiryDays, int awl) =>
        Assert.Throws<ArgumentException>(() => new Greylister(_f.Store, new GreylistOptions
        {
            Delay = TimeSpan.FromSeconds(delaySeconds),
            RetryWindow = TimeSpan.FromSeconds(windowSeconds),
            Expiry = TimeSpan.FromDays(expiryDays),
            AutoWhitelistAfter = awl,
        }, _f.Time));

    private static GreylistKey Key(string ip) => GreylistKey.From(IPAddress.Parse(ip), "alice@sender.example", "bob@ours.example");

    private async Task PassAsync(string ip, string sender = "alice@sender.example", string recipient = "bob@ours.example")
    {
        Assert.False((await _f.CheckAsync(ip, sender, recipient)).Passed);
        _f.Advance(TimeSpan.FromSeconds(301));
        Assert.True((await _f.CheckAsync(ip, sender, recipient)).Passed);
    }

    private sealed class RecipientOptOut(string recipient) : IGreylistWhitelist
    {
        public ValueTask<bool> IsWhitelistedAsync(IPAddress client, string? clientName, string sender, string recipient1, CancellationToken cancellationToken) =>
            ValueTask.FromResult(string.Equals(recipient, recipient1, StringComparison.OrdinalIgnoreCase));
    }
}
