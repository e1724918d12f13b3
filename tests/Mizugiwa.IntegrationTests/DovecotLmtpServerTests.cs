using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Testing;

namespace Mizugiwa.IntegrationTests;

/// <summary>The Dovecot LMTP fixture: its own instance on a fresh port, and what it says when it cannot start.</summary>
public sealed class DovecotLmtpServerTests
{
    [Fact]
    public async Task Dovecot_starts_on_another_port_when_the_chosen_one_is_taken_and_refuses_unknown_users()
    {
        using var taken = new TakenPort();

        await using var dovecot = await DovecotLmtpServer.StartAsync(["alice@backend.test"], taken.FirstThenFree());

        Assert.NotEqual(taken.Port, dovecot.Port);
        await using var lmtp = await RawSmtpConnection.ConnectAsync(dovecot.Port);
        Assert.Equal($"220 lmtp.backend.test Dovecot {dovecot.InstanceName} ready.", (await lmtp.ReadReplyAsync()).LastLine);
        Assert.Equal(250, (await lmtp.CommandAsync("LHLO client.test")).Code);
        Assert.Equal(250, (await lmtp.CommandAsync("MAIL FROM:<>")).Code);
        Assert.Equal(250, (await lmtp.CommandAsync("RCPT TO:<alice@backend.test>")).Code);
        var unknown = await lmtp.CommandAsync("RCPT TO:<ghost@backend.test>");
        Assert.Equal(550, unknown.Code);
        Assert.StartsWith("550 5.1.1 ", unknown.LastLine);
        Assert.Equal(221, (await lmtp.CommandAsync("QUIT")).Code);
    }

    [Fact]
    public async Task Dovecot_gives_up_with_its_log_when_every_port_is_taken()
    {
        using var taken = new TakenPort();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DovecotLmtpServer.StartAsync(["alice@backend.test"], taken.Always()));

        Assert.Contains($"{FreshPortAttempts.DefaultAttempts} fresh ports", error.Message);
        Assert.Contains($"127.0.0.1:{taken.Port}", error.Message);
        Assert.Contains("Address already in use", error.Message);
    }
}
