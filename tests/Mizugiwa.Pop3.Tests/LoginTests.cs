using System.Text;
using Mizugiwa.Pop3.Tests.Support;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Testing;

namespace Mizugiwa.Pop3.Tests;

/// <summary>The AUTHORIZATION state: USER/PASS, AUTH PLAIN, TLS-only login, the brute-force guard, the maildrop lock.</summary>
public sealed class LoginTests : IDisposable
{
    private const string Alice = FakeCredentials.Alice;
    private readonly Pop3Harness _h = new();

    public void Dispose() => _h.Dispose();

    private static string Plain(string user, string password, string authzid = "") => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authzid}\0{user}\0{password}"));

    [Fact]
    public async Task Without_tls_login_is_refused_with_the_auth_code_and_capa_offers_stls_but_no_login()
    {
        using var certificate = TestCertificate.Create();
        using var h = new Pop3Harness(o => o with { AllowPlaintextAuth = false, Certificate = new ServerCertificate(certificate) });
        var client = await h.ConnectAsync();
        var (status, capabilities) = await client.MultilineAsync("CAPA");
        Assert.Equal("+OK Capability list follows", status);
        Assert.Contains("STLS", capabilities);
        Assert.Contains("RESP-CODES", capabilities);
        Assert.DoesNotContain("USER", capabilities);
        Assert.DoesNotContain(capabilities, c => c.StartsWith("SASL", StringComparison.Ordinal));
        const string refused = "-ERR [AUTH] Log in only after STLS (TLS); passwords are not taken in clear text";
        Assert.Equal(refused, await client.CommandAsync($"USER {Alice}"));
        Assert.Equal(refused, await client.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        Assert.Equal(refused, await client.CommandAsync($"AUTH PLAIN {Plain(Alice, FakeCredentials.AlicePassword)}"));
        Assert.Equal(0, h.Credentials.PasswordChecks);
    }

    [Fact]
    public async Task Capa_lists_login_and_the_extensions_when_login_is_allowed()
    {
        var client = await _h.ConnectAsync();
        var (_, capabilities) = await client.MultilineAsync("CAPA");
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "USER", "SASL PLAIN", "IMPLEMENTATION Mizugiwa"], capabilities);
        Assert.Equal("-ERR STLS is not available", await client.CommandAsync("STLS"));
    }

    [Fact]
    public async Task A_wrong_password_gets_auth_failed_counted_on_the_shared_guard_and_lockout_comes_without_a_password_check()
    {
        var client = await _h.ConnectAsync();
        for (int i = 1; i <= 3; i++)
        {
            Assert.StartsWith("+OK", await client.CommandAsync($"USER {Alice}"));
            Assert.Equal("-ERR [AUTH] Authentication failed", await client.CommandAsync("PASS wrong"));
        }
        Assert.Equal(3, _h.Credentials.PasswordChecks);
        Assert.StartsWith("+OK", await client.CommandAsync($"USER {Alice}"));
        Assert.Equal("-ERR [LOGIN-DELAY] Too many failed logins from your address; try again later", await client.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        Assert.Equal(3, _h.Credentials.PasswordChecks);
        Assert.Contains(_h.Logger.Lines, e => e.Message.Contains("auth failed: failures client=3 user=3", StringComparison.Ordinal)
            && e.Message.Contains($"user={Alice}", StringComparison.Ordinal) && e.Message.Contains("lockout=True", StringComparison.Ordinal));
        // The same guard as SMTP AUTH: its lock is the one every AUTH of the address now meets.
        Assert.True(await new AuthGuard(_h.Store, _h.AuthOptions).IsLockedOutAsync(System.Net.IPAddress.Parse("192.0.2.7"), default));
    }

    [Fact]
    public async Task A_failed_login_waits_the_guards_delay_before_its_reply()
    {
        using var h = new Pop3Harness(auth: new SmtpAuthOptions { FailureDelayStep = TimeSpan.FromSeconds(2) });
        var client = await h.ConnectAsync();
        Assert.StartsWith("+OK", await client.CommandAsync($"USER {Alice}"));
        await client.SendAsync("PASS wrong\r\n");
        var reply = client.ReadLineAsync();
        await WaitUntilAsync(() => h.Logger.Lines.Any(e => e.Message.Contains("delay=2000ms", StringComparison.Ordinal)));
        Assert.False(reply.IsCompleted);
        Assert.Equal("-ERR [AUTH] Authentication failed", await h.AdvanceUntilAsync(reply, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Pass_without_user_and_user_without_a_name_are_errors()
    {
        var client = await _h.ConnectAsync();
        Assert.Equal("-ERR USER first", await client.CommandAsync("PASS x"));
        Assert.Equal("-ERR USER takes one argument: the mailbox address", await client.CommandAsync("USER"));
        Assert.Equal("-ERR STAT is allowed only after login", await client.CommandAsync("STAT"));
    }

    [Fact]
    public async Task A_password_with_spaces_is_taken_whole_and_the_user_name_is_not_case_sensitive()
    {
        var client = await _h.ConnectAsync();
        Assert.StartsWith("+OK", await client.CommandAsync("USER ALICE@Example.Test"));
        Assert.Equal("-ERR [AUTH] Authentication failed", await client.CommandAsync($"PASS {FakeCredentials.AlicePassword} "));
        Assert.StartsWith("+OK", await client.CommandAsync("USER ALICE@Example.Test"));
        Assert.StartsWith($"+OK {Alice} has 0 message(s)", await client.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        Assert.Equal("-ERR USER is not allowed after login", await client.CommandAsync("USER bob@example.test"));
    }

    [Fact]
    public async Task Auth_plain_with_an_initial_response_or_a_continuation_logs_in()
    {
        var first = await _h.ConnectAsync();
        Assert.StartsWith($"+OK {Alice} has", await first.CommandAsync($"AUTH PLAIN {Plain(Alice, FakeCredentials.AlicePassword)}"));
        Assert.StartsWith("+OK", await first.CommandAsync("QUIT"));
        await first.EndedAsync();

        var second = await _h.ConnectAsync();
        Assert.Equal("+ ", await second.CommandAsync("AUTH PLAIN"));
        Assert.StartsWith($"+OK {Alice} has", await second.CommandAsync(Plain(Alice, FakeCredentials.AlicePassword, Alice)));
    }

    [Fact]
    public async Task Auth_plain_refuses_bad_base64_another_authzid_cancel_and_other_mechanisms()
    {
        var client = await _h.ConnectAsync();
        Assert.Equal("-ERR Unknown SASL mechanism; PLAIN is offered", await client.CommandAsync("AUTH CRAM-MD5"));
        Assert.Equal("-ERR Cannot decode the response (base64)", await client.CommandAsync("AUTH PLAIN not*base64"));
        Assert.Equal("-ERR [AUTH] Authentication failed", await client.CommandAsync($"AUTH PLAIN {Plain(Alice, FakeCredentials.AlicePassword, FakeCredentials.Bob)}"));
        Assert.Equal("+ ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR Authentication cancelled", await client.CommandAsync("*"));
        Assert.Equal("+OK Mechanisms follow", await client.CommandAsync("AUTH"));
        Assert.Equal(["PLAIN"], await client.ReadBodyAsync());
    }

    [Fact]
    public async Task A_directory_that_cannot_be_asked_is_a_temporary_failure()
    {
        _h.Credentials.Broken = true;
        var client = await _h.ConnectAsync();
        Assert.StartsWith("+OK", await client.CommandAsync($"USER {Alice}"));
        Assert.Equal("-ERR [SYS/TEMP] Temporary authentication failure; try again later", await client.CommandAsync("PASS x"));
    }

    [Fact]
    public async Task A_second_session_on_the_same_mailbox_gets_in_use_until_the_first_one_ends()
    {
        var first = await _h.LoginAsync();
        var second = await _h.ConnectAsync();
        Assert.StartsWith("+OK", await second.CommandAsync($"USER {Alice}"));
        Assert.Equal("-ERR [IN-USE] Mailbox is in use by another session", await second.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        var bob = await _h.LoginAsync(FakeCredentials.Bob, FakeCredentials.BobPassword);
        Assert.StartsWith("+OK", await first.CommandAsync("QUIT"));
        await first.EndedAsync();
        Assert.StartsWith("+OK", await second.CommandAsync($"USER {Alice}"));
        Assert.StartsWith("+OK", await second.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        Assert.StartsWith("+OK", await bob.CommandAsync("STAT"));
    }

    [Fact]
    public async Task A_maildrop_locked_by_another_process_gets_in_use_until_that_process_lets_go()
    {
        _h.Deliver(Alice, "Subject: one\r\n\r\nbody\r\n", "1.M1.host");
        var lockFile = Path.Combine(_h.MaildirOf(Alice), "mizugiwa-pop3.lock");
        var client = await _h.ConnectAsync();
        using (await OtherProcessLock.TakeAsync(lockFile))
        {
            Assert.StartsWith("+OK", await client.CommandAsync($"USER {Alice}"));
            Assert.Equal("-ERR [IN-USE] Mailbox is in use by another session", await client.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
        }
        Assert.StartsWith("+OK", await client.CommandAsync($"USER {Alice}"));
        Assert.Equal("+OK alice@example.test has 1 message(s) (22 octets)", await client.CommandAsync($"PASS {FakeCredentials.AlicePassword}"));
    }

    [Fact]
    public async Task A_mailbox_never_delivered_to_can_still_be_locked_and_is_empty()
    {
        var client = await _h.LoginAsync();
        Assert.Equal("+OK 0 0", await client.CommandAsync("STAT"));
        Assert.True(File.Exists(Path.Combine(_h.MaildirOf(Alice), "mizugiwa-pop3.lock")));
    }

    [Fact]
    public async Task A_session_that_drops_without_quit_releases_the_lock()
    {
        var first = await _h.LoginAsync();
        Assert.Equal("-ERR Idle for too long, closing connection", await _h.AdvanceUntilAsync(first.ReadLineAsync(), TimeSpan.FromMinutes(10)));
        await first.EndedAsync();
        Assert.NotNull(await _h.LoginAsync());
        Assert.Contains(_h.Logger.Lines, e => e.Message.Contains($"disconnect client=192.0.2.7 tls=False user={Alice}", StringComparison.Ordinal)
            && e.Message.Contains("reason=idle timeout", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, limit.Token);
    }
}
