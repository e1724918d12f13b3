using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The milter's connection limit as a real Postfix from Debian meets it: `mizugiwa serve` takes one milter connection
/// at once (Milter:MaxConnections = 1), Postfix (milter_default_action = tempfail) opens one per SMTP connection.
/// </summary>
public sealed class PostfixMilterLimitTests : IAsyncLifetime
{
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
            ["Milter__MaxConnections"] = "1",
        });
        _postfix = await PostfixInstance.StartAsync(policyPort: null, milterPort: milterPort);
    }

    public async Task DisposeAsync()
    {
        if (_postfix is not null) await _postfix.DisposeAsync();
        if (_mizugiwa is not null) await _mizugiwa.DisposeAsync();
    }

    /// <summary>
    /// An SMTP connection whose milter connection is open and served, after one message on it (from 127.0.0.1: trusted, so
    /// accepted unscanned). Postfix may open it before we have counted out the connection of its start-up probe: then
    /// that SMTP connection gets 451 at MAIL and the next one is tried (bounded).
    /// </summary>
    private async Task<RawSmtpConnection> HoldTheOnlyMilterConnectionAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var smtp = await RawSmtpConnection.ConnectAsync(Postfix.Port);
            Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
            Assert.Equal(250, (await smtp.CommandAsync("EHLO holding.example")).Code);
            if ((await smtp.CommandAsync("MAIL FROM:<sender@remote.example>")).Code == 250)
            {
                Assert.Equal(250, (await smtp.CommandAsync($"RCPT TO:<{ServerProcess.Bob}>")).Code);
                Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
                await smtp.SendRawAsync("From: sender@remote.example\r\nSubject: holding\r\n\r\nholding the milter connection\r\n.\r\n");
                Assert.Equal(250, (await smtp.ReadReplyAsync()).Code);
                return smtp;
            }
            await smtp.DisposeAsync();
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"no SMTP connection got the milter connection{Logs}");
            await Task.Delay(200);
        }
    }

    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    [Fact]
    public async Task An_SMTP_connection_over_the_milter_limit_is_told_451_at_once_by_postfix_and_the_next_one_after_a_free_place_is_judged()
    {
        var token = Guid.NewGuid().ToString("N");
        await using (var holding = await HoldTheOnlyMilterConnectionAsync())
        {
            await using var over = await RawSmtpConnection.ConnectAsync(Postfix.Port);
            var replies = new List<RawReply> { await over.ReadReplyAsync() };
            foreach (var command in new[] { "EHLO over.example", "MAIL FROM:<sender@remote.example>", $"RCPT TO:<{ServerProcess.Bob}>", "DATA" })
            {
                var reply = await over.CommandAsync(command);
                replies.Add(reply);
                if (reply.Code >= 400) break;
            }
            // Postfix applies its milter_default_action (tempfail here) to the whole SMTP connection; the client hears it at MAIL.
            Assert.True(replies.Select(r => r.Code).SequenceEqual([220, 250, 451]) && replies[^1].LastLine.StartsWith("451 4.7.1 Service unavailable", StringComparison.Ordinal),
                $"{string.Join("\n", replies)}{Logs}");

            var warning = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("over the limit of 1 connections at once (Milter:MaxConnections)", StringComparison.Ordinal));
            Assert.Contains("closing it", warning);
            // Postfix's log goes through its postlogd, a little behind.
            await Poll.UntilAsync(() => Postfix.Log.Contains("read error in initial handshake", StringComparison.Ordinal)
                && Postfix.Log.Contains("milter-reject: CONNECT from unknown[127.0.0.1]: 451 4.7.1 Service unavailable - try again later", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), $"Postfix's account of the refused milter connection{Logs}");
            await holding.CommandAsync("QUIT");
        }

        // The place is free once Postfix has closed the first milter connection: a new SMTP connection is judged as usual.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var next = await RawSmtpConnection.ConnectAsync(Postfix.Port);
            Assert.Equal(220, (await next.ReadReplyAsync()).Code);
            Assert.Equal(250, (await next.CommandAsync("EHLO next.example")).Code);
            Assert.Equal(220, (await next.CommandAsync("XCLIENT NAME=mail.remote.example ADDR=192.0.2.79 HELO=mail.remote.example")).Code);
            Assert.Equal(250, (await next.CommandAsync("EHLO mail.remote.example")).Code);
            var mail = await next.CommandAsync("MAIL FROM:<sender@remote.example>");
            if (mail.Code == 250)
            {
                Assert.Equal(250, (await next.CommandAsync($"RCPT TO:<{ServerProcess.Bob}>")).Code);
                Assert.Equal(354, (await next.CommandAsync("DATA")).Code);
                await next.SendRawAsync($"From: sender@remote.example\r\nTo: {ServerProcess.Bob}\r\nSubject: {token}\r\n\r\nafter the limit {token}\r\n.\r\n");
                var end = await next.ReadReplyAsync();
                if (end.Code == 250) break;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"no message judged after the first connection closed{Logs}");
            await Task.Delay(200);
        }
        Assert.Contains("X-Spam-Status: No, score=", (await Postfix.Mailbox("bob").WaitForMessageAsync(token)).Text);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("stage=MILTER client=192.0.2.79", StringComparison.Ordinal) && l.Contains("reply=\"250 continue +", StringComparison.Ordinal));
    }
}
