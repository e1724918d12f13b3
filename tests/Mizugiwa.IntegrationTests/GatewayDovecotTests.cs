using System.Globalization;
using System.Text.RegularExpressions;
using Mizugiwa.IntegrationTests.Infrastructure;
using MimeKit;
using Xunit.Abstractions;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Gateway mode in front of a real Dovecot LMTP server (Debian's dovecot-lmtpd, <see cref="DovecotLmtpServer"/>)
/// that knows alice@ and bob@backend.test: `mizugiwa serve` is the MX of backend.test (Verify = Probe, the probe
/// speaks LHLO to Dovecot) and of open.test (Verify = None), both with the next hop lmtp:127.0.0.1:PORT. The test
/// client is an outsider (loopback is not trusted here), so the content level scans and labels the mail.
/// </summary>
public sealed class GatewayDovecotFixture : IAsyncLifetime
{
    public const string ProbeDomain = "backend.test";
    public const string OpenDomain = "open.test";
    public const string Alice = "alice@backend.test";
    public const string Bob = "bob@backend.test";

    public DovecotLmtpServer Dovecot { get; private set; } = null!;
    public ServerProcess Mizugiwa { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dovecot = await DovecotLmtpServer.StartAsync([Alice, Bob]);
        var hop = $"lmtp:127.0.0.1:{Dovecot.Port.ToString(CultureInfo.InvariantCulture)}";
        Mizugiwa = await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.FastQueue())
        {
            ["Gateway__Domains__0__Domain"] = ProbeDomain,
            ["Gateway__Domains__0__NextHop"] = hop,
            ["Gateway__Domains__0__Verify"] = "Probe",
            ["Gateway__Domains__1__Domain"] = OpenDomain,
            ["Gateway__Domains__1__NextHop"] = hop,
            ["Gateway__Domains__1__Verify"] = "None",
            ["Gateway__ProbeTimeoutSeconds"] = "5",
            // Loopback is a trusted network by default, and trusted clients are not scanned: make the test client an outsider.
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Rgrey__Mode"] = "Off",
        });
    }

    public async Task DisposeAsync()
    {
        if (Mizugiwa is not null) await Mizugiwa.DisposeAsync();
        if (Dovecot is not null) await Dovecot.DisposeAsync();
    }
}

public sealed partial class GatewayDovecotTests(GatewayDovecotFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayDovecotFixture>
{
    private const string Alice = GatewayDovecotFixture.Alice;
    private const string Bob = GatewayDovecotFixture.Bob;

    private ServerProcess Mizugiwa => fixture.Mizugiwa;
    private DovecotLmtpServer Dovecot => fixture.Dovecot;
    private string Logs => $"\n--- dovecot ---\n{Dovecot.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    [Fact]
    public async Task Two_known_users_get_the_message_in_their_Dovecot_Maildirs_and_an_unknown_one_is_refused_at_RCPT()
    {
        var token = TestMail.NewToken("dovecot");
        await using (var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa))
        {
            var alice = await smtp.CommandAsync($"RCPT TO:<{Alice}>");
            Assert.True(alice.Code == 250, alice + Logs);
            var ghost = await smtp.CommandAsync("RCPT TO:<ghost@backend.test>");
            Assert.True(ghost.Code == 550, ghost + Logs);
            Assert.Contains("5.1.1", ghost.LastLine);
            var bob = await smtp.CommandAsync($"RCPT TO:<{Bob}>");
            Assert.True(bob.Code == 250, bob + Logs);
            var data = await GatewayTestSupport.SendDataAsync(smtp, Alice, token);
            Assert.True(data.Code == 250, data + Logs);
            await smtp.CommandAsync("QUIT");
        }

        var lmtpSessions = new HashSet<string>();
        foreach (var user in new[] { Alice, Bob })
        {
            var delivered = await Dovecot.Mailbox(user).WaitForMessageAsync(token);
            var text = delivered.Text;
            var session = LmtpSessionId().Match(text);
            Assert.True(session.Success, text);
            lmtpSessions.Add(session.Groups[1].Value);
            // Dovecot's own trace on top: the envelope sender and its LMTP Received, then ours
            Assert.StartsWith("Return-Path: <sender@remote.test>\n", text);
            Assert.Contains($"Received: from {ServerProcess.HostName} ([127.0.0.1])\n\tby lmtp.backend.test with LMTP", text);
            Assert.Contains($"Received: from client.remote.test (unknown [127.0.0.1])\n\tby {ServerProcess.HostName} (Mizugiwa) with ESMTP", text);
            Assert.True(text.IndexOf("with LMTP", StringComparison.Ordinal) < text.IndexOf("(Mizugiwa) with ESMTP", StringComparison.Ordinal), text);
            // the content level's label for a relayed recipient, above our Received as for a local one
            Assert.Contains($"Authentication-Results: {ServerProcess.HostName};", text);
            Assert.Contains("X-Spam-Status: No, score=", text);
            Assert.True(text.IndexOf("X-Spam-Status", StringComparison.Ordinal) < text.IndexOf("(Mizugiwa) with ESMTP", StringComparison.Ordinal), text);
            // the message itself, intact
            Assert.Contains($"Subject: {token}", text);
            Assert.Contains($"Message-Id: <{token}@remote.test>", text);
            Assert.EndsWith($"\n\nHello {token}.\n", text);
            await Mizugiwa.WaitForOutputLineAsync(l => l.Contains($"to=<{user}>", StringComparison.Ordinal) && l.Contains("status=delivered", StringComparison.Ordinal));
        }
        // both recipients share one route, hence one LMTP transaction (Dovecot's Received names its session)
        Assert.Single(lmtpSessions);
        // the unknown user was refused by Dovecot's userdb when probed, and nothing of the message reached it
        var probe = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("gateway probe to=<ghost@backend.test>", StringComparison.Ordinal));
        Assert.Contains("result=unknown", probe);
        Assert.Contains("User doesn't exist", probe);
        Assert.False(Directory.Exists(Path.Combine(Dovecot.MailDirectory, "backend.test", "ghost")), Logs);
        Assert.Contains("saved mail to INBOX", Dovecot.Log);
        var scanned = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=DATA", StringComparison.Ordinal) && l.Contains($"to=<{Alice},{Bob}>", StringComparison.Ordinal));
        Assert.Contains("check=content", scanned);
        Assert.Contains("modes=label,label", scanned);
    }

    [Fact]
    public async Task An_unknown_user_of_an_unverified_domain_is_accepted_then_refused_by_Dovecot_and_bounced()
    {
        var token = TestMail.NewToken("dovecot-none");
        await using (var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa))
        {
            // Verify = None: no probe, anyone of the domain is accepted (the design's warning: backscatter)
            var rcpt = await smtp.CommandAsync("RCPT TO:<ghost@open.test>");
            Assert.True(rcpt.Code == 250, rcpt + Logs);
            Assert.Equal(250, (await GatewayTestSupport.SendDataAsync(smtp, "ghost@open.test", token)).Code);
            await smtp.CommandAsync("QUIT");
        }
        // Dovecot refuses the recipient at delivery: a permanent failure, and a DSN to the envelope sender
        var failed = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("to=<ghost@open.test>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal));
        Assert.True(failed.Contains("status=failed", StringComparison.Ordinal) && failed.Contains("dsn=5.1.1", StringComparison.Ordinal), failed + Logs);
        Assert.Contains("User doesn't exist", failed);
        var dsn = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("dsn=failed to=<sender@remote.test>", StringComparison.Ordinal));
        Assert.Contains("recipients=1", dsn);
        Assert.DoesNotContain("gateway probe to=<ghost@open.test>", Mizugiwa.Output);
    }

    [Fact]
    public async Task A_message_with_a_5000_character_HTML_line_is_delivered_to_Dovecot_with_its_HTML_intact()
    {
        var token = TestMail.NewToken("dovecot-long");
        var html = $"<html><body><p>{token}</p><p>{string.Concat(Enumerable.Repeat("long line ", 500))}</p></body></html>";
        Assert.True(html.Length > 5000);
        await using (var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa))
        {
            var rcpt = await smtp.CommandAsync($"RCPT TO:<{Alice}>");
            Assert.True(rcpt.Code == 250, rcpt + Logs);
            Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
            await smtp.SendRawAsync($"From: <sender@remote.test>\r\nTo: <{Alice}>\r\nSubject: {token}\r\nMessage-Id: <{token}@remote.test>\r\n"
                + $"MIME-Version: 1.0\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n{html}\r\n.\r\n");
            var data = await smtp.ReadReplyAsync();
            Assert.True(data.Code == 250, data + Logs);
            await smtp.CommandAsync("QUIT");
        }

        // Dovecot took it (250 after DATA) and saved it
        var delivered = await Dovecot.Mailbox(Alice).WaitForMessageAsync(token);
        // however the line travelled (as it is, or re-encoded), the reader sees the same HTML
        using var stream = File.OpenRead(delivered.Path);
        var message = await MimeMessage.LoadAsync(stream);
        Assert.Equal(html, message.HtmlBody?.TrimEnd('\r', '\n'));
        var longest = delivered.Text.Split('\n').Max(l => l.Length);
        var encoding = message.Body is TextPart part ? part.ContentTransferEncoding.ToString() : message.Body?.ContentType.MimeType;
        output.WriteLine($"longest line stored by Dovecot: {longest} characters; Content-Transfer-Encoding: {encoding}");
    }

    /// <summary>The id in Dovecot's "Received: … by lmtp.backend.test with LMTP\n\tid SESSION" header.</summary>
    [GeneratedRegex(@"with LMTP\n\tid (\S+)")]
    private static partial Regex LmtpSessionId();
}
