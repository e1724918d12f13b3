using System.Net;
using System.Text;
using Mizugiwa.IntegrationTests.Infrastructure;
using static Mizugiwa.IntegrationTests.Infrastructure.SubmissionClients;

namespace Mizugiwa.IntegrationTests;

/// <summary>One server for the account-state tests: a tight harvest guard (3 unknown recipients), quick logins, and a queue that rescans every second.</summary>
public sealed class AccountStateServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", // loopback clients are not trusted, so the harvest guard sees them
        ["Checks__Rgrey__Mode"] = "Off",
        ["Checks__Harvest__UnknownRecipientsPerAddress"] = "3",
        ["Checks__Harvest__RcptOnlyTransactionsPerAddress"] = "100",
        ["Checks__Harvest__TarpitStepMilliseconds"] = "10",
        ["Submission__AuthFailureDelayStepMilliseconds"] = "100",
        ["Submission__AuthLockoutAfterFailures"] = "50",
        ["Queue__ScanSeconds"] = "1",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Disabled accounts and mailbox quotas against the real <c>mizugiwa serve</c>, set with the real CLI.</summary>
public sealed class AccountStateEndToEndTests(AccountStateServerFixture fixture) : IClassFixture<AccountStateServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    private async Task CliAsync(params string[] args)
    {
        var result = await _server.RunCliAsync(args, Password + "\n");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>One session from <paramref name="from"/>: the RCPT replies (last lines), no DATA.</summary>
    private Task<string[]> RcptAsync(IPAddress from, params string[] recipients) => _server.RcptRepliesAsync(from, recipients);

    /// <summary>A message of about <paramref name="bytes"/> bytes; returns the reply to its end of data.</summary>
    private async Task<string> SendAsync(string to, string token, int bytes)
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(_server.Port, from: IPAddress.Parse("127.0.0.9"));
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO client.remote.test")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<someone@remote.test>")).Code);
        var rcpt = await smtp.CommandAsync($"RCPT TO:<{to}>");
        if (rcpt.Code != 250) return rcpt.LastLine;
        Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
        var body = new StringBuilder($"Subject: {token}\r\n\r\n");
        while (body.Length < bytes) body.Append(new string('x', 76)).Append("\r\n");
        return (await smtp.CommandAsync(body + ".")).LastLine;
    }

    [Fact]
    public async Task A_disabled_account_gets_550_5_2_1_is_not_counted_as_unknown_and_enabling_restores_it()
    {
        await CliAsync("account", "add", "carol@example.test", "--password-stdin");
        await CliAsync("alias", "add", "carol-only@example.test", "carol@example.test");
        await CliAsync("account", "disable", "carol@example.test");

        var prober = IPAddress.Parse("127.0.0.60");
        var replies = await RcptAsync(prober, "carol@example.test", "Carol+tag@example.test", "carol-only@example.test", "carol@example.test", "carol@example.test");
        Assert.All(replies, r => Assert.StartsWith("550 5.2.1 <", r));
        Assert.Contains("mailbox disabled", replies[0]);
        // Five refusals, yet the harvest guard (3 unknown recipients) has not blocked this client.
        Assert.StartsWith("250 ", Assert.Single(await RcptAsync(prober, ServerProcess.Alice)));
        // The same number of unknown recipients does block (so the guard is on).
        var harvester = IPAddress.Parse("127.0.0.61");
        Assert.All(await RcptAsync(harvester, "n1@example.test", "n2@example.test"), r => Assert.StartsWith("550 5.1.1", r));
        Assert.StartsWith("4", Assert.Single(await RcptAsync(harvester, "n3@example.test")));
        Assert.StartsWith("4", Assert.Single(await RcptAsync(harvester, ServerProcess.Alice)));

        var details = await _server.RunCliAsync(["account", "list", "example.test", "--details"]);
        Assert.Contains(details.StandardOutput.Split('\n'), l => l.StartsWith("carol@example.test\t", StringComparison.Ordinal) && l.Contains("\tdisabled=yes\t", StringComparison.Ordinal));

        await CliAsync("account", "enable", "carol@example.test");
        Assert.All(await RcptAsync(prober, "carol@example.test", "carol-only@example.test"), r => Assert.StartsWith("250 ", r));
    }

    [Fact]
    public async Task A_disabled_account_cannot_authenticate_and_its_refusal_is_that_of_a_wrong_password()
    {
        await CliAsync("account", "add", "dave@example.test", "--password-stdin");
        var ok = await SwaksAsync(_server.SubmissionPort, "dave@example.test", ServerProcess.Bob, TestMail.NewToken("dave-ok"),
            "--tls", "--auth", "PLAIN", "--auth-user", "dave@example.test", "--auth-password", Password);
        Assert.True(ok.ExitCode == 0, ok.ToString());

        await CliAsync("account", "disable", "dave@example.test");
        var disabled = await SwaksAsync(_server.SubmissionPort, "dave@example.test", ServerProcess.Bob, TestMail.NewToken("dave-off"),
            "--tls", "--auth", "PLAIN", "--auth-user", "dave@example.test", "--auth-password", Password);
        var wrong = await SwaksAsync(_server.SubmissionPort, ServerProcess.Alice, ServerProcess.Bob, TestMail.NewToken("alice-bad"),
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", "not-the-password");
        Assert.NotEqual(0, disabled.ExitCode);
        const string Refusal = "<~* 535 5.7.8 Error: authentication credentials invalid";
        Assert.Contains(Refusal, disabled.StandardOutput);
        Assert.Contains(Refusal, wrong.StandardOutput);
    }

    [Fact]
    public async Task Over_quota_rcpt_gets_452_4_2_2_and_a_message_that_does_not_fit_is_deferred_not_bounced()
    {
        await CliAsync("account", "add", "erin@example.test", "--password-stdin");
        var bad = await _server.RunCliAsync(["account", "quota", "erin@example.test", "5X"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("quota '5X' is not a size", bad.StandardError);

        await CliAsync("account", "quota", "erin@example.test", "4K");
        var small = TestMail.NewToken("erin-small");
        Assert.StartsWith("250 ", await SendAsync("erin@example.test", small, 1000));
        await _server.Mailbox("erin@example.test").WaitForMessageAsync(small);

        // Room left at RCPT, but this one would go over: accepted, then deferred with 4.2.2 and kept in the queue.
        var big = TestMail.NewToken("erin-big");
        Assert.StartsWith("250 ", await SendAsync("erin@example.test", big, 6000));
        await _server.WaitForOutputLineAsync(l => l.Contains("to=<erin@example.test>", StringComparison.Ordinal) && l.Contains("status=deferred dsn=4.2.2", StringComparison.Ordinal));
        Assert.Empty(_server.Mailbox("erin@example.test").MessagesContaining(big));

        // Full: RCPT is deferred.
        await CliAsync("account", "quota", "erin@example.test", "1K");
        Assert.StartsWith("452 4.2.2 <erin@example.test>: mailbox full", Assert.Single(await RcptAsync(IPAddress.Parse("127.0.0.62"), "erin@example.test")));
        var sent = await SwaksAsync(_server.SubmissionPort, "erin@example.test", ServerProcess.Bob, TestMail.NewToken("erin-sends"),
            "--tls", "--auth", "PLAIN", "--auth-user", "erin@example.test", "--auth-password", Password);
        Assert.True(sent.ExitCode == 0, sent.ToString()); // a full mailbox may still send
        var shown = await _server.RunCliAsync(["account", "quota", "erin@example.test"]);
        Assert.Equal("erin@example.test 1K", shown.StandardOutput.Trim());

        // Room again: RCPT is taken, and the deferred message arrives on the next try.
        await CliAsync("account", "quota", "erin@example.test", "none");
        Assert.StartsWith("250 ", Assert.Single(await RcptAsync(IPAddress.Parse("127.0.0.62"), "erin@example.test")));
        await CliAsync("queue", "flush");
        await _server.Mailbox("erin@example.test").WaitForMessageAsync(big);
    }
}
