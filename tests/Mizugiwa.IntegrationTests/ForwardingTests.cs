using System.Diagnostics;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MimeKit;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Forwarding through `mizugiwa serve` with a real Postfix (Debian) as the MX of remote.test, found
/// through dnsmasq on loopback: forwarded copies arrive there with an SRS0 envelope sender, a bounce
/// to that address reaches the original sender, and loops and Junk are not forwarded. Also the
/// Subject tag (Content:SubjectTag) per recipient over real SMTP.
/// </summary>
public sealed class ForwardingFixture : IAsyncLifetime
{
    public const string RemoteDomain = "remote.test";

    public DnsmasqServer Dns { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;
    public ServerProcess Mizugiwa { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .MxRecord(RemoteDomain, "mx.remote.test", 10)
            .AddressRecord("mx.remote.test", "127.0.0.1"));
        // "s" is TestMail.Sender, the original sender that bounces must reach; nobody else exists there.
        Postfix = await PostfixInstance.StartRemoteMxAsync(RemoteDomain, ["bob", "carol", "s"], new Dictionary<string, string>());
        Mizugiwa = await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.For(Dns, Postfix))
        {
            // the test client is an outsider (loopback is trusted by default) so that it is scanned like one
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Rgrey__Mode"] = "Off",
            ["Content__SubjectTag"] = "[SPAM]",
        });
    }

    public async Task DisposeAsync()
    {
        if (Mizugiwa is not null) await Mizugiwa.DisposeAsync();
        if (Postfix is not null) await Postfix.DisposeAsync();
        if (Dns is not null) await Dns.DisposeAsync();
    }
}

public sealed partial class ForwardingTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private ServerProcess Mizugiwa => fixture.Mizugiwa;
    private PostfixInstance Postfix => fixture.Postfix;
    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    [GeneratedRegex(@"^Return-Path: <([^>]*)>", RegexOptions.Multiline)]
    private static partial Regex ReturnPath();

    private async Task<string> CliAsync(params string[] args)
    {
        var result = await Mizugiwa.RunCliAsync(args, args[1] == "add" ? "secret-password\n" : null);
        Assert.True(result.ExitCode == 0, $"mizugiwa {string.Join(' ', args)}: {result}");
        return result.StandardOutput;
    }

    private async Task<string> AccountAsync(string name, params string[] forward)
    {
        var address = $"{name}@example.test";
        await CliAsync("account", "add", address, "--password-stdin");
        if (forward.Length > 0) await CliAsync(["account", "forward", address, .. forward]);
        return address;
    }

    /// <summary>Sends over SMTP to our MX and returns the queue id of the 250 reply.</summary>
    private async Task<string> SendAsync(MimeMessage message)
    {
        using var client = await TestMail.ConnectAsync(Mizugiwa.Port);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return reply.Split(' ').Last();
    }

    private async Task<DeliveredMessage> WithLogsAsync(Task<DeliveredMessage> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + Logs, e);
        }
    }

    [Fact]
    public async Task A_forwarded_copy_reaches_the_remote_MX_with_an_SRS_sender_and_no_copy_stays_and_the_story_says_so()
    {
        var mailbox = await AccountAsync("away", "bob@remote.test", "--no-keep-copy");
        var token = TestMail.NewToken("fwd");
        var queueId = await SendAsync(TestMail.Create(token, mailbox));

        var copy = await WithLogsAsync(Postfix.Mailbox("bob").WaitForMessageAsync(token));
        var sender = ReturnPath().Match(copy.Text).Groups[1].Value;
        Assert.Matches(@"^SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=remote\.test=s@example\.test$", sender);
        Assert.Contains($"Delivered-To: {mailbox}", copy.Text);
        Assert.Contains("X-Spam-Status: No", copy.Text); // the recipient's label travels with the copy
        await Mizugiwa.WaitForEmptyQueueAsync();
        Assert.Empty(Mizugiwa.Mailbox(mailbox).MessagesContaining(token));

        var story = await WaitForCliAsync(["log", "story", queueId], output => output.Contains("forwarded to bob@remote.test", StringComparison.Ordinal));
        Assert.Contains($"to=<{mailbox}> via=forward", story);
    }

    [Fact]
    public async Task A_line_longer_than_SMTP_allows_is_accepted_and_forwarded_re_encoded_so_it_arrives_whole()
    {
        var mailbox = await AccountAsync("wide", "bob@remote.test", "--no-keep-copy");
        var token = TestMail.NewToken("long");
        var longLine = string.Concat(Enumerable.Range(0, 400).Select(i => $"w{i} "));
        await using (var connection = await RawSmtpConnection.ConnectAsync(Mizugiwa.Port))
        {
            await connection.ReadReplyAsync();
            Assert.Equal(250, (await connection.CommandAsync("EHLO client.remote.test")).Code);
            Assert.Equal(250, (await connection.CommandAsync("MAIL FROM:<s@remote.test>")).Code);
            Assert.Equal(250, (await connection.CommandAsync($"RCPT TO:<{mailbox}>")).Code);
            Assert.Equal(354, (await connection.CommandAsync("DATA")).Code);
            await connection.SendRawAsync($"From: s@remote.test\r\nTo: {mailbox}\r\nSubject: {token}\r\n\r\n{longLine}\r\n.\r\n");
            Assert.Equal(250, (await connection.ReadReplyAsync()).Code);
        }

        var copy = await WithLogsAsync(Postfix.Mailbox("bob").WaitForMessageAsync(token));
        Assert.All(copy.Text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 998, $"a line of {line.Length} octets arrived"));
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", copy.Text);
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(copy.Text)));
        Assert.Contains(longLine.TrimEnd(), message.TextBody);
    }

    [Fact]
    public async Task With_keep_copy_both_the_mailbox_and_the_target_get_the_message()
    {
        var mailbox = await AccountAsync("both", "carol@remote.test", "--keep-copy");
        var token = TestMail.NewToken("keep");
        await SendAsync(TestMail.Create(token, mailbox));

        await WithLogsAsync(Postfix.Mailbox("carol").WaitForMessageAsync(token));
        var kept = await Mizugiwa.Mailbox(mailbox).WaitForMessageAsync(token);
        Assert.Contains($"Return-Path: <{TestMail.Sender}>", kept.Text);
    }

    [Fact]
    public async Task A_bounce_to_the_SRS_address_reaches_the_original_sender_and_a_forged_one_is_refused()
    {
        var mailbox = await AccountAsync("relay", "bob@remote.test", "--no-keep-copy");
        var token = TestMail.NewToken("srs");
        await SendAsync(TestMail.Create(token, mailbox));
        var copy = await WithLogsAsync(Postfix.Mailbox("bob").WaitForMessageAsync(token));
        var srs = ReturnPath().Match(copy.Text).Groups[1].Value;

        // what the destination would do if it could not deliver: a bounce from <> to the SRS address, through our MX
        var bounceToken = TestMail.NewToken("bounce");
        var bounce = new MimeMessage();
        bounce.From.Add(MailboxAddress.Parse("MAILER-DAEMON@remote.test"));
        bounce.To.Add(MailboxAddress.Parse(srs));
        bounce.Subject = $"Undelivered Mail Returned to Sender {bounceToken}";
        bounce.Body = new TextPart("plain") { Text = $"{bounceToken}: could not deliver {token}\r\n" };
        using (var client = await TestMail.ConnectAsync(Mizugiwa.Port))
        {
            await client.SendAsync(bounce, new MailboxAddress("", ""), [MailboxAddress.Parse(srs)]);

            var forged = srs[..5] + (srs[5] == 'A' ? 'B' : 'A') + srs[6..];
            var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(bounce, new MailboxAddress("", ""), [MailboxAddress.Parse(forged)]));
            Assert.Equal(550, (int)refused.StatusCode);
            Assert.Contains("forged SRS0 address", refused.Message);
            await client.DisconnectAsync(quit: true);
        }
        var returned = await WithLogsAsync(Postfix.Mailbox("s").WaitForMessageAsync(bounceToken));
        Assert.Contains("Return-Path: <>", returned.Text);
    }

    [Fact]
    public async Task A_failed_forward_bounces_to_the_original_sender_not_to_the_SRS_address()
    {
        var mailbox = await AccountAsync("gone", "nobody@remote.test", "--no-keep-copy");
        var token = TestMail.NewToken("dsn");
        await SendAsync(TestMail.Create(token, mailbox));

        var dsn = await WithLogsAsync(Postfix.Mailbox("s").WaitForMessageAsync(token));
        Assert.Contains("nobody@remote.test", dsn.Text);
        Assert.Contains("Status: 5.1.1", dsn.Text);
    }

    [Fact]
    public async Task A_message_that_already_carries_the_mailboxs_Delivered_To_is_kept_and_not_forwarded_again()
    {
        var mailbox = await AccountAsync("looping", "bob@remote.test", "--no-keep-copy");
        var token = TestMail.NewToken("loop");
        var message = TestMail.Create(token, mailbox);
        message.Headers.Add("Delivered-To", mailbox);
        await SendAsync(message);

        await Mizugiwa.Mailbox(mailbox).WaitForMessageAsync(token);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains($"mailbox={mailbox} not forwarded (loop", StringComparison.Ordinal));
        await Mizugiwa.WaitForEmptyQueueAsync();
        Assert.Empty(Postfix.Mailbox("bob").MessagesContaining(token));
    }

    [Fact]
    public async Task Spam_quarantined_for_the_mailbox_stays_in_Junk_and_is_not_forwarded()
    {
        var mailbox = await AccountAsync("careful", "bob@remote.test", "--no-keep-copy");
        await CliAsync("account", "filter", mailbox, "quarantine");
        var token = TestMail.NewToken("junk");
        await SendAsync(TestMail.Create(token, mailbox, $"Cheap offer {token}\r\n{Gtube}\r\n"));

        var held = await new Maildir(JunkFolder(mailbox)).WaitForMessageAsync(token);
        Assert.Contains("X-Spam-Flag: YES", held.Text);
        Assert.Contains("Subject: [SPAM] test " + token, held.Text);
        await Mizugiwa.WaitForEmptyQueueAsync();
        Assert.Empty(Postfix.Mailbox("bob").MessagesContaining(token));
    }

    [Fact]
    public async Task The_Subject_tag_goes_only_to_recipients_whose_mode_asks_for_it_and_encoded_Subjects_stay_valid()
    {
        var label = await AccountAsync("tag-label");
        var off = await AccountAsync("tag-off");
        await CliAsync("account", "filter", off, "off");
        var token = TestMail.NewToken("tag");
        var spam = TestMail.Create(token, label, $"Cheap offer {token}\r\n{Gtube}\r\n");
        spam.To.Add(MailboxAddress.Parse(off));
        spam.Subject = $"日本語 {token}"; // MimeKit encodes it as RFC 2047
        await SendAsync(spam);

        var tagged = MimeMessage.Load((await Mizugiwa.Mailbox(label).WaitForMessageAsync(token)).Path);
        Assert.Equal($"[SPAM] 日本語 {token}", tagged.Subject);
        Assert.Single(tagged.Headers, h => h.Id == HeaderId.Subject);
        var plain = MimeMessage.Load((await Mizugiwa.Mailbox(off).WaitForMessageAsync(token)).Path);
        Assert.Equal($"日本語 {token}", plain.Subject);

        var again = TestMail.NewToken("again");
        var tagAlready = TestMail.Create(again, label, $"Cheap offer {again}\r\n{Gtube}\r\n");
        tagAlready.Subject = $"[SPAM] already {again}";
        await SendAsync(tagAlready);
        Assert.Equal($"[SPAM] already {again}", MimeMessage.Load((await Mizugiwa.Mailbox(label).WaitForMessageAsync(again)).Path).Subject);
    }

    [Fact]
    public async Task The_forward_command_names_bad_input()
    {
        var both = await Mizugiwa.RunCliAsync(["account", "forward", "x@example.test", "a@remote.test", "--keep-copy", "--no-keep-copy"]);
        Assert.Equal(64, both.ExitCode);
        Assert.Contains("give either --keep-copy or --no-keep-copy, not both", both.StandardError);
        var ghost = await Mizugiwa.RunCliAsync(["account", "forward", "ghost@example.test", "a@remote.test"]);
        Assert.NotEqual(0, ghost.ExitCode);
        Assert.Contains("account ghost@example.test does not exist", ghost.StandardError);
        var self = await Mizugiwa.RunCliAsync(["account", "forward", ServerProcess.Alice, ServerProcess.Alice]);
        Assert.Contains("cannot forward to itself", self.StandardError);

        var mailbox = await AccountAsync("toggle", "a@remote.test", "--no-keep-copy");
        Assert.Contains("forwards to b@remote.test and keeps no copy", await CliAsync("account", "forward", mailbox, "b@remote.test"));
        Assert.Contains($"forwarding of {mailbox} is off", await CliAsync("account", "forward", mailbox));
    }

    private string JunkFolder(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return Path.Combine(Mizugiwa.DataDirectory, "mail", address[(at + 1)..], address[..at], ".Junk", "new");
    }

    /// <summary>The log is written behind the deliveries: poll (bounded) until the rows are there.</summary>
    private async Task<string> WaitForCliAsync(string[] args, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = await Mizugiwa.RunCliAsync(args);
            if (result.ExitCode == 0 && done(result.StandardOutput)) return result.StandardOutput;
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"mizugiwa {string.Join(' ', args)}: {result}");
            await Task.Delay(200);
        }
    }
}
