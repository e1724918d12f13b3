using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Mizugiwa as the milter of a real Postfix from Debian (smtpd_milters, protocol 6), both on loopback. swaks
/// speaks SMTP to Postfix, with XCLIENT to stand for a client that is not in our trusted networks; Postfix
/// hands each message to `mizugiwa serve`'s milter listener, refuses what it refuses and delivers the rest, with
/// our headers, into its own Maildirs. alice chose reject in Mizugiwa's directory; bob keeps the default (label).
/// </summary>
public sealed class PostfixMilterTests : IAsyncLifetime
{
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    private ServerProcess? _mizugiwa;
    private PostfixInstance? _postfix;

    private PostfixInstance Postfix => _postfix!;
    private ServerProcess Mizugiwa => _mizugiwa!;

    public async Task InitializeAsync()
    {
        var milterPort = ServerProcess.FreePort();
        _mizugiwa = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Milter__Enabled"] = "true",
            ["Milter__Port"] = milterPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Postfix connects from 127.0.0.1; the clients it stands for are 192.0.2.x, none of them trusted.
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            // Blocked attachments are cut out rather than refused, so the body replacement can be seen.
            ["Content__Attachments__Action"] = "Strip",
        });
        var filter = await Mizugiwa.RunCliAsync(["account", "filter", ServerProcess.Alice, "reject"]);
        Assert.True(filter.ExitCode == 0, filter.ToString());
        _postfix = await PostfixInstance.StartAsync(policyPort: null, milterPort: milterPort);
    }

    public async Task DisposeAsync()
    {
        if (_postfix is not null) await _postfix.DisposeAsync();
        if (_mizugiwa is not null) await _mizugiwa.DisposeAsync();
    }

    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    /// <summary>One message through Postfix with swaks, on behalf of 192.0.2.77 (XCLIENT), with <paramref name="headers"/> added and more swaks <paramref name="options"/>.</summary>
    private Task<ProcessResult> SwaksAsync(string recipient, string body, string[]? headers = null, params string[] options) =>
        ExternalProcess.RunAsync("swaks",
        [
            "--server", $"127.0.0.1:{Postfix.Port}",
            "--helo", "mail.remote.example",
            "--xclient-name", "mail.remote.example", "--xclient-addr", "192.0.2.77", "--xclient-helo", "mail.remote.example",
            "--from", "sender@remote.example",
            "--to", recipient,
            "--header", "Subject: milter test",
            .. (headers ?? []).SelectMany(h => new[] { "--add-header", h }),
            "--body", body,
            .. options,
            "--timeout", "60",
        ], timeout: TimeSpan.FromSeconds(90));

    [Fact]
    public async Task Spam_to_a_recipient_who_chose_reject_is_refused_by_postfix_with_550()
    {
        var token = Guid.NewGuid().ToString("N");
        var result = await SwaksAsync(ServerProcess.Alice, $"{Gtube} {token}");
        Assert.True(result.ExitCode != 0 && result.StandardOutput.Contains("<** 550 5.7.1 ", StringComparison.Ordinal), $"{result}{Logs}");
        Assert.Contains("spam", result.StandardOutput);
        var line = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=MILTER", StringComparison.Ordinal) && l.Contains("reply=\"550 5.7.1", StringComparison.Ordinal));
        Assert.Contains("client=192.0.2.77 ptr=mail.remote.example helo=mail.remote.example from=<sender@remote.example> to=<alice@example.test> check=content", line);
        Assert.Contains("GTUBE", line);
        Assert.Empty(Postfix.Mailbox("alice").MessagesContaining(token));
    }

    [Fact]
    public async Task The_milters_refusal_and_acceptance_are_searched_by_outcome_and_counted_on_metrics_as_the_MXs_are()
    {
        var token = Guid.NewGuid().ToString("N");
        var refused = await SwaksAsync(ServerProcess.Alice, $"{Gtube} {token}");
        Assert.True(refused.ExitCode != 0 && refused.StandardOutput.Contains("<** 550 5.7.1 ", StringComparison.Ordinal), $"{refused}{Logs}");
        var accepted = await SwaksAsync(ServerProcess.Bob, $"Hello Bob, the token is {token}.");
        Assert.True(accepted.ExitCode == 0, $"{accepted}{Logs}");

        // The transaction log is written behind the connections: ask (bounded) until both rows are there.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string rejectedRows, acceptedRows;
        while (true)
        {
            rejectedRows = await SearchAsync("rejected");
            acceptedRows = await SearchAsync("accepted");
            if (rejectedRows.Contains("alice@example.test", StringComparison.Ordinal) && acceptedRows.Contains("bob@example.test", StringComparison.Ordinal)) break;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"the MILTER rows by outcome; rejected:\n{rejectedRows}\naccepted:\n{acceptedRows}{Logs}");
            await Task.Delay(200);
        }
        var rejectedRow = Assert.Single(Lines(rejectedRows));
        Assert.Contains("550 5.7.1", rejectedRow);
        var acceptedRow = Assert.Single(Lines(acceptedRows));
        Assert.Contains("250 continue +", acceptedRow);
        Assert.DoesNotContain("alice@example.test", acceptedRow);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Mizugiwa.WebPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"MILTER\",outcome=\"accepted\",check=\"\"} 1\n", metrics);
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"MILTER\",outcome=\"rejected\",check=\"\"} 1\n", metrics);
        Assert.DoesNotContain("outcome=\"other\"", metrics);

        async Task<string> SearchAsync(string outcome)
        {
            var result = await Mizugiwa.RunCliAsync(["log", "search", "--stage", "MILTER", "--outcome", outcome]);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.StandardOutput;
        }
        static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task A_clean_message_is_delivered_by_postfix_with_our_label_and_without_the_forged_results()
    {
        var token = Guid.NewGuid().ToString("N");
        var result = await SwaksAsync(ServerProcess.Bob, $"Hello Bob, the token is {token}.",
        [
            "Authentication-Results: mx.example.test; dkim=pass header.d=bank.example",
            "Authentication-Results: other.example; spf=pass smtp.mailfrom=remote.example",
            "X-Spam-Status: No, forged by the sender",
        ]);
        Assert.True(result.ExitCode == 0, $"{result}{Logs}");

        var delivered = await Postfix.Mailbox("bob").WaitForMessageAsync(token);
        var header = delivered.Text[..delivered.Text.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.Contains("X-Spam-Score: ", header);
        Assert.Contains("X-Spam-Status: No, score=", header);
        Assert.DoesNotContain("X-Spam-Flag", header);
        Assert.DoesNotContain("forged by the sender", header);
        Assert.DoesNotContain("dkim=pass header.d=bank.example", header);
        Assert.Contains("Authentication-Results: other.example; spf=pass", header);
        Assert.Single(header.Split('\n'), l => l.StartsWith("Authentication-Results: mx.example.test;", StringComparison.Ordinal));
        // Our headers are on top, above Postfix's Received, with LF line ends as Postfix writes its Maildirs.
        Assert.True(header.IndexOf("Authentication-Results: mx.example.test;", StringComparison.Ordinal) < header.IndexOf("Received:", StringComparison.Ordinal), header);
        Assert.DoesNotContain('\r', header);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=MILTER", StringComparison.Ordinal) && l.Contains("to=<bob@example.test>", StringComparison.Ordinal)
            && l.Contains("action=none", StringComparison.Ordinal) && l.Contains("-2 headers", StringComparison.Ordinal));
        // Postfix took every reply and edit as it should: it names a milter that misbehaves in a warning.
        Assert.DoesNotContain("warning: milter", Postfix.Log);
    }

    [Fact]
    public async Task Spam_to_a_recipient_in_label_mode_is_delivered_flagged()
    {
        var token = Guid.NewGuid().ToString("N");
        var result = await SwaksAsync(ServerProcess.Bob, $"{Gtube} {token}");
        Assert.True(result.ExitCode == 0, $"{result}{Logs}");
        var delivered = await Postfix.Mailbox("bob").WaitForMessageAsync(token);
        Assert.Contains("X-Spam-Flag: YES", delivered.Text);
        Assert.True(delivered.Text.Contains("X-Spam-Status: Yes, score=", StringComparison.Ordinal) && delivered.Text.Contains("tests=GTUBE=1000.0", StringComparison.Ordinal),
            delivered.Text);
    }

    [Fact]
    public async Task Spam_to_a_reject_and_a_label_recipient_is_accepted_and_both_get_it_flagged_in_the_inbox()
    {
        var token = Guid.NewGuid().ToString("N");
        var result = await SwaksAsync($"{ServerProcess.Alice},{ServerProcess.Bob}", $"{Gtube} {token}");
        Assert.True(result.ExitCode == 0, $"{result}{Logs}");
        // Refused only when every recipient chose reject; a milter cannot move alice's copy to Junk, so it is labelled.
        Assert.Contains("X-Spam-Flag: YES", (await Postfix.Mailbox("alice").WaitForMessageAsync(token)).Text);
        Assert.Contains("X-Spam-Flag: YES", (await Postfix.Mailbox("bob").WaitForMessageAsync(token)).Text);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=MILTER", StringComparison.Ordinal)
            && l.Contains("to=<alice@example.test,bob@example.test>", StringComparison.Ordinal) && l.Contains("modes=reject,label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_messages_and_an_RSET_on_one_SMTP_connection_are_each_judged_on_their_own()
    {
        var token = Guid.NewGuid().ToString("N");
        await using var smtp = await RawSmtpConnection.ConnectAsync(Postfix.Port);
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO test-client.example")).Code);
        Assert.Equal(220, (await smtp.CommandAsync("XCLIENT NAME=mail.remote.example ADDR=192.0.2.78 HELO=mail.remote.example")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO mail.remote.example")).Code);
        async Task<RawReply> MessageAsync(string recipient, string body)
        {
            Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<sender@remote.example>")).Code);
            Assert.Equal(250, (await smtp.CommandAsync($"RCPT TO:<{recipient}>")).Code);
            Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
            await smtp.SendRawAsync($"From: sender@remote.example\r\nTo: {recipient}\r\nSubject: {token}\r\n\r\n{body}\r\n.\r\n");
            return await smtp.ReadReplyAsync();
        }

        Assert.Equal(250, (await MessageAsync(ServerProcess.Bob, $"first {token}")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<other@remote.example>")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("RSET")).Code);
        var refused = await MessageAsync(ServerProcess.Alice, $"{Gtube} second {token}");
        Assert.True(refused.Code == 550, $"second message: {refused}{Logs}");
        Assert.Equal(250, (await MessageAsync(ServerProcess.Bob, $"third {token}")).Code);
        await smtp.CommandAsync("QUIT");

        var delivered = await Postfix.Mailbox("bob").WaitForMessagesAsync(token, 2);
        Assert.All(delivered, m => Assert.Contains("X-Spam-Status: No, score=", m.Text));
        var lines = await Mizugiwa.WaitForOutputLinesAsync(l => l.Contains("stage=MILTER client=192.0.2.78", StringComparison.Ordinal), 3);
        Assert.Equal(["accepted", "refused", "accepted"], lines.Select(l => l.Contains("reply=\"550 5.7.1", StringComparison.Ordinal) ? "refused" : "accepted"));
        // One milter connection for the SMTP connection: the ids are its id and the message's number.
        Assert.Single(lines.Select(l => l.Split(' ').First(w => w.StartsWith("id=", StringComparison.Ordinal)).Split('.')[0]).Distinct());
    }

    [Fact]
    public async Task A_blocked_attachment_is_cut_out_of_the_message_postfix_delivers()
    {
        var token = Guid.NewGuid().ToString("N");
        var result = await SwaksAsync(ServerProcess.Bob, $"Hello Bob, see the attached file. {token}", null,
            "--attach-type", "application/octet-stream", "--attach-name", "invoice.exe", "--attach", "MZ-not-really-a-program-" + token);
        Assert.True(result.ExitCode == 0, $"{result}{Logs}");
        var delivered = await Postfix.Mailbox("bob").WaitForMessageAsync(token);
        Assert.Contains("The attachment invoice.exe was removed by the mail server", delivered.Text);
        Assert.DoesNotContain("name=invoice.exe", delivered.Text);
        Assert.Contains("X-Spam-Status:", delivered.Text);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=MILTER", StringComparison.Ordinal) && l.Contains("body replaced", StringComparison.Ordinal));
        Assert.DoesNotContain("warning: milter", Postfix.Log);
    }
}
