using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Smtp.Tests.Support;
using static Mizugiwa.Smtp.Tests.Support.AuthHarness;

namespace Mizugiwa.Smtp.Tests.Auth;

/// <summary>Failed logins: growing delays, lockout of the source, never of the account (fake time).</summary>
public sealed class BruteForceTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("192.0.2.7");
    private static readonly SmtpAuthOptions Options = new()
    {
        LockoutAfterFailures = 10,
        FailureWindow = TimeSpan.FromMinutes(15),
        LockoutDuration = TimeSpan.FromMinutes(15),
        FailureDelayStep = TimeSpan.FromSeconds(1),
        MaxFailureDelay = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Each_failure_waits_longer_up_to_the_maximum()
    {
        var time = new FakeTimeProvider();
        var guard = new AuthGuard(new InMemoryStateStore(time), Options);
        var delays = new List<double>();
        for (int i = 0; i < 7; i++) delays.Add((await guard.RecordFailureAsync(Attacker, "alice@example.test", CancellationToken.None)).Delay.TotalSeconds);
        Assert.Equal([1, 2, 3, 4, 5, 5, 5], delays);
    }

    [Fact]
    public async Task Failures_leave_the_window()
    {
        var time = new FakeTimeProvider();
        var guard = new AuthGuard(new InMemoryStateStore(time), Options);
        for (int i = 0; i < 4; i++) await guard.RecordFailureAsync(Attacker, "alice@example.test", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(TimeSpan.FromSeconds(1), (await guard.RecordFailureAsync(Attacker, "alice@example.test", CancellationToken.None)).Delay);
    }

    [Fact]
    public async Task The_source_is_locked_out_at_the_threshold_and_the_lock_lifts()
    {
        var time = new FakeTimeProvider();
        var guard = new AuthGuard(new InMemoryStateStore(time), Options);
        for (int i = 1; i <= 9; i++) Assert.False((await guard.RecordFailureAsync(Attacker, $"user{i}@example.test", CancellationToken.None)).LockedOut);
        Assert.False(await guard.IsLockedOutAsync(Attacker, CancellationToken.None));
        Assert.True((await guard.RecordFailureAsync(Attacker, "user10@example.test", CancellationToken.None)).LockedOut);
        Assert.True(await guard.IsLockedOutAsync(Attacker, CancellationToken.None));
        Assert.False(await guard.IsLockedOutAsync(IPAddress.Parse("192.0.2.8"), CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(await guard.IsLockedOutAsync(Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task Ipv6_clients_count_per_64()
    {
        var time = new FakeTimeProvider();
        var guard = new AuthGuard(new InMemoryStateStore(time), Options with { LockoutAfterFailures = 2 });
        await guard.RecordFailureAsync(IPAddress.Parse("2001:db8:1:2::1"), null, CancellationToken.None);
        await guard.RecordFailureAsync(IPAddress.Parse("2001:db8:1:2:ffff::9"), null, CancellationToken.None);
        Assert.True(await guard.IsLockedOutAsync(IPAddress.Parse("2001:db8:1:2::77"), CancellationToken.None));
        Assert.False(await guard.IsLockedOutAsync(IPAddress.Parse("2001:db8:1:3::1"), CancellationToken.None));
        Assert.Equal("2001:db8:1:2::/64", AuthGuard.SourceKey(IPAddress.Parse("2001:db8:1:2:3:4:5:6")));
        Assert.Equal("192.0.2.1", AuthGuard.SourceKey(IPAddress.Parse("::ffff:192.0.2.1")));
    }

    [Fact]
    public async Task A_locked_out_source_gets_454_even_with_the_right_password()
    {
        var h = Create(o => o with { LockoutAfterFailures = 3 });
        var bad = $"AUTH PLAIN {Plain("alice@example.test", "guess")}\r\n";
        var transcript = await h.RunAsync($"EHLO c\r\n{bad}{bad}{bad}AUTH PLAIN {AlicePlain}\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "535", "535", "535", "454", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("454 4.7.0 Temporary authentication failure", transcript);
        var credentials = (FakeCredentials)h.Auth!.Verifier;
        Assert.Equal(3, credentials.PasswordChecks); // the locked-out attempt costs no password check
    }

    [Fact]
    public async Task Failures_against_an_account_from_many_sources_never_lock_its_owner_out()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryStateStore(time);
        var options = Options with { LockoutAfterFailures = 3, FailureDelayStep = TimeSpan.Zero, AllowPlaintextAuth = true };
        for (int source = 1; source <= 20; source++)
        {
            var h = Create(_ => options, store: store);
            await h.RunAsync(Encoding.UTF8.GetBytes($"EHLO c\r\nAUTH PLAIN {Plain("alice@example.test", "guess")}\r\nQUIT\r\n"), null, IPAddress.Parse($"198.51.100.{source}"));
        }
        var owner = Create(_ => options, store: store);
        var transcript = await owner.RunAsync(Encoding.UTF8.GetBytes($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nQUIT\r\n"), null, IPAddress.Parse("203.0.113.5"));
        Assert.Equal(["220", "250", "235", "221"], SessionHarness.Codes(transcript));
        Assert.Equal(20, await store.GetWindowAsync(AuthGuard.AccountFailuresPrefix + "alice@example.test", options.FailureWindow, CancellationToken.None));
    }

    [Fact]
    public async Task The_535_waits_for_the_tarpit_on_the_session_clock()
    {
        var h = Create(o => o with { FailureDelayStep = TimeSpan.FromSeconds(5) });
        var started = new TaskCompletionSource();
        var run = h.RunAsync(Encoding.UTF8.GetBytes($"EHLO c\r\nAUTH PLAIN {Plain("alice@example.test", "guess")}\r\nQUIT\r\n"), null, Attacker, started);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);
        Assert.False(run.IsCompleted); // held back by the 5 s tarpit
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
        Assert.Equal(["220", "250", "535", "221"], SessionHarness.Codes(await run));
    }
}
