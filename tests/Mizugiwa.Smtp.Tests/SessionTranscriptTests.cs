using System.Text;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

public sealed class SessionTranscriptTests
{
    private const string Message = "Subject: hi\r\n\r\nHello\r\n..dotted\r\n";

    private static string OneMessage(string rcpt = "alice@example.test") =>
        $"EHLO client.test\r\nMAIL FROM:<sender@remote.test>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\n{Message}.\r\nQUIT\r\n";

    [Fact]
    public async Task Accepts_a_message_and_undoes_dot_stuffing()
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync(OneMessage());
        Assert.Equal(["220", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
        var (envelope, content) = Assert.Single(h.Spool.Committed);
        Assert.Equal("sender@remote.test", envelope.Sender);
        Assert.Equal("alice@example.test", Assert.Single(envelope.Recipients).Mailbox);
        var text = Encoding.UTF8.GetString(content);
        Assert.StartsWith("Received: from client.test (unknown [127.0.0.1])\r\n\tby mx.example.test (Mizugiwa) with ESMTP id ", text);
        Assert.EndsWith("\r\n\r\nHello\r\n.dotted\r\n", text);
        Assert.Contains($"250 2.0.0 Ok: queued as {envelope.QueueId}\r\n", transcript);
    }

    [Fact]
    public async Task Pipelined_session_split_at_every_byte_boundary_gives_the_same_replies()
    {
        var input = Encoding.UTF8.GetBytes(OneMessage());
        var whole = await new SessionHarness().RunAsync(input);
        for (int split = 1; split < input.Length; split++)
        {
            var h = new SessionHarness();
            var transcript = await h.RunAsync(input, [split]);
            Assert.Equal(whole, transcript);
            Assert.EndsWith("\r\nHello\r\n.dotted\r\n", Encoding.UTF8.GetString(Assert.Single(h.Spool.Committed).Content));
        }
    }

    [Fact]
    public async Task Input_delivered_one_byte_at_a_time_gives_the_same_replies()
    {
        var input = Encoding.UTF8.GetBytes(OneMessage());
        var whole = await new SessionHarness().RunAsync(input);
        var transcript = await new SessionHarness().RunAsync(input, Enumerable.Range(1, input.Length).ToArray());
        Assert.Equal(whole, transcript);
    }

    [Theory]
    [InlineData("nobody@example.test", "550 5.1.1")]
    [InlineData("user@remote.test", "554 5.7.1")]
    [InlineData("user%remote.test@example.test", "550 5.1.1")]
    [InlineData("remote.test!user@example.test", "550 5.1.1")]
    [InlineData("@example.test:user@remote.test", "554 5.7.1")]
    [InlineData("@a.test,@b.test:user@remote.test", "554 5.7.1")]
    [InlineData("\"user@remote.test\"@example.test", "550 5.1.1")]
    [InlineData("\"alice@example.test\"@remote.test", "554 5.7.1")]
    [InlineData("user@remote.test.", "501 5.1.3")]
    [InlineData("alice@example.test.", "501 5.1.3")]
    [InlineData("user@[127.0.0.1]", "554 5.7.1")]
    [InlineData("remote.test!user", "501 5.1.3")]
    [InlineData("user@remote.test@example.test", "501 5.1.3")]
    public async Task Relay_tricks_and_unknown_users_are_refused(string rcpt, string expected)
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\nQUIT\r\n");
        Assert.Contains($"\r\n{expected} ", transcript);
        Assert.Contains("\r\n554 5.5.1 Error: no valid recipients", transcript);
        Assert.Empty(h.Spool.Committed);
    }

    [Theory]
    [InlineData("carol@example.test", "550 5.2.1 <carol@example.test>: Recipient address rejected: mailbox disabled")]
    [InlineData("dora@example.test", "452 4.2.2 <dora@example.test>: mailbox full, try again later")]
    public async Task A_disabled_account_and_a_full_mailbox_have_their_own_replies(string rcpt, string expected)
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<{rcpt}>\r\nRCPT TO:<alice@example.test>\r\nQUIT\r\n");
        Assert.Contains($"\r\n{expected}\r\n", transcript);
        Assert.Contains("\r\n250 2.1.5 Ok\r\n", transcript);
    }

    [Theory]
    [InlineData("<postmaster>")]
    [InlineData("<POSTMASTER>")]
    [InlineData("<Postmaster@example.test>")]
    public async Task Postmaster_is_always_accepted(string rcpt)
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:{rcpt}\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Commands_out_of_order_get_503()
    {
        var transcript = await new SessionHarness().RunAsync(
            "MAIL FROM:<a@b.test>\r\nEHLO c\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nMAIL FROM:<a@b.test>\r\nMAIL FROM:<a@b.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "503", "250", "503", "503", "250", "503", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Smtputf8_addresses_need_the_parameter()
    {
        var transcript = await new SessionHarness().RunAsync(
            "EHLO c\r\nMAIL FROM:<日本@remote.test>\r\nMAIL FROM:<日本@remote.test> SMTPUTF8\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "553", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Dsn_parameters_are_kept_in_the_envelope()
    {
        var h = new SessionHarness();
        await h.RunAsync("EHLO c\r\nMAIL FROM:<s@remote.test> RET=HDRS ENVID=abc+2Bdef BODY=8BITMIME SIZE=100\r\n" +
            "RCPT TO:<alice@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alice@example.test\r\nDATA\r\nx\r\n.\r\nQUIT\r\n");
        var envelope = Assert.Single(h.Spool.Committed).Envelope;
        Assert.Equal(Core.DsnReturn.Headers, envelope.Ret);
        Assert.Equal("abc+2Bdef", envelope.EnvId);
        Assert.Equal("8BITMIME", envelope.Body);
        var rcpt = Assert.Single(envelope.Recipients);
        Assert.Equal(Core.DsnNotify.Success | Core.DsnNotify.Failure, rcpt.Notify);
        Assert.Equal("rfc822;alice@example.test", rcpt.OriginalRecipient);
    }

    [Theory]
    [InlineData("MAIL FROM:<s@remote.test> SIZE=999999999", "552 5.3.4")]
    [InlineData("MAIL FROM:<s@remote.test> RET=SOME", "501 5.5.4")]
    [InlineData("MAIL FROM:<s@remote.test> FOO=BAR", "555 5.5.4")]
    [InlineData("MAIL FROM:<s@remote.test> ENVID=has=equals", "501 5.5.4")]
    [InlineData("MAIL FROM:<bad address@x.test>", "501")]
    [InlineData("MAIL TO:<s@remote.test>", "501 5.5.4")]
    public async Task Bad_mail_parameters_are_refused(string command, string expected)
    {
        var h = new SessionHarness { Options = new() { HostName = "mx.example.test", MaxMessageSize = 10_000 } };
        var transcript = await h.RunAsync($"EHLO c\r\n{command}\r\nQUIT\r\n");
        Assert.Contains($"\r\n{expected}", transcript);
    }

    [Fact]
    public async Task Alias_expands_to_each_mailbox_once()
    {
        var h = new SessionHarness();
        await h.RunAsync("EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<sales@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n");
        var envelope = Assert.Single(h.Spool.Committed).Envelope;
        Assert.Equal(["alice@example.test", "bob@example.test"], envelope.Recipients.Select(r => r.Mailbox).Order());
    }

    [Fact]
    public async Task Recipient_limit_gives_452()
    {
        var h = new SessionHarness { Options = new() { HostName = "mx.example.test", MaxRecipients = 2 } };
        var transcript = await h.RunAsync("EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<postmaster>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "250", "452", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Overlong_command_line_is_refused_and_the_session_goes_on()
    {
        var transcript = await new SessionHarness().RunAsync($"EHLO c\r\nNOOP {new string('x', 600)}\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "500", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("500 5.5.2 Error: line too long", transcript);
    }

    [Fact]
    public async Task Command_line_of_exactly_512_octets_is_accepted()
    {
        var line = "NOOP " + new string('x', 512 - 5 - 2);
        var transcript = await new SessionHarness().RunAsync($"{line}\r\n{line}x\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "500", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Nul_and_invalid_utf8_in_commands_are_refused()
    {
        var input = Encoding.UTF8.GetBytes("NOOP a\0b\r\nNOOP \u00ff\r\nQUIT\r\n").ToList();
        var bad = Encoding.UTF8.GetBytes("NOOP ").Concat(new byte[] { 0xC3, 0x28, 0x0D, 0x0A });
        var bytes = bad.Concat(input).ToArray();
        var transcript = await new SessionHarness().RunAsync(bytes);
        Assert.Equal(["220", "500", "500", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("NUL character", transcript);
    }

    [Fact]
    public async Task Too_many_errors_end_the_session_with_421()
    {
        var h = new SessionHarness { Options = new() { HostName = "mx.example.test", HardErrorLimit = 3, ErrorDelayStep = TimeSpan.Zero } };
        var transcript = await h.RunAsync("FOO\r\nBAR\r\nBAZ\r\nNOOP\r\n");
        Assert.Equal(["220", "500", "500", "500", "421"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Error_replies_past_the_soft_limit_wait_on_the_time_provider()
    {
        var h = new SessionHarness { Options = new() { HostName = "mx.example.test", SoftErrorLimit = 1, ErrorDelayStep = TimeSpan.FromSeconds(5) } };
        var run = h.RunAsync("FOO\r\nBAR\r\nQUIT\r\n");
        Assert.False(run.IsCompleted, "the second error reply must wait for the delay");
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var transcript = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["220", "500", "500", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Ehlo_lists_the_extensions()
    {
        var transcript = await new SessionHarness().RunAsync("EHLO c\r\nQUIT\r\n");
        foreach (var ext in new[] { "PIPELINING", "SIZE 26214400", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "DSN", "CHUNKING" })
            Assert.Contains($"250-{ext}\r\n", transcript.Replace("250 CHUNKING", "250-CHUNKING"));
        Assert.DoesNotContain("STARTTLS", transcript); // no certificate in this harness
    }

    [Fact]
    public async Task Vrfy_help_noop_rset_expn()
    {
        var transcript = await new SessionHarness().RunAsync("VRFY alice\r\nHELP\r\nNOOP\r\nRSET\r\nEXPN list\r\nSTARTTLS\r\nQUIT\r\n");
        Assert.Equal(["220", "252", "214", "250", "250", "502", "503", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Spool_failure_at_commit_gives_451()
    {
        var h = new SessionHarness();
        h.Spool.FailCommit = true;
        var transcript = await h.RunAsync(OneMessage());
        Assert.Contains("\r\n451 4.3.0 ", transcript);
    }

    [Fact]
    public async Task Oversized_data_is_read_to_the_end_and_refused()
    {
        var h = new SessionHarness { Options = new() { HostName = "mx.example.test", MaxMessageSize = 2000 } };
        var body = string.Concat(Enumerable.Repeat(new string('a', 70) + "\r\n", 100));
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n{body}.\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "354", "552", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Empty(h.Spool.Committed);
    }

    [Fact]
    public async Task A_text_line_over_the_configured_limit_is_refused()
    {
        var h = new SessionHarness { Options = new() { HostName = "mx.example.test", MaxTextLineLength = 1000 } };
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n{new string('a', 5000)}\r\n.\r\nQUIT\r\n");
        Assert.Contains("\r\n550 5.6.0 Message rejected: a line is longer than 1000 octets", transcript);
        Assert.Empty(h.Spool.Committed);
    }

    [Fact]
    public async Task By_default_a_line_longer_than_1000_octets_is_accepted_as_sent_and_an_absurd_one_refused()
    {
        var h = new SessionHarness();
        var line = new string('a', 5000);
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n{line}\r\n.\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Contains(line + "\r\n", System.Text.Encoding.ASCII.GetString(Assert.Single(h.Spool.Committed).Content));

        var absurd = new SessionHarness();
        transcript = await absurd.RunAsync($"EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n{new string('a', SmtpSessionOptions.DefaultMaxTextLineLength + 1)}\r\n.\r\nQUIT\r\n");
        Assert.Contains($"\r\n550 5.6.0 Message rejected: a line is longer than {SmtpSessionOptions.DefaultMaxTextLineLength} octets", transcript);
        Assert.Empty(absurd.Spool.Committed);
    }
}
