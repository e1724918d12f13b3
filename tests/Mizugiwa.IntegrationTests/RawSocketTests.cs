using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>Byte-exact sessions over a plain TcpClient, for what well-behaved client libraries never send.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class RawSocketTests(SharedServerFixture fixture)
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task Greeting_and_ehlo_name_the_configured_host()
    {
        await using var connection = await RawSmtpConnection.ConnectAsync(_server.Port);

        var greeting = await connection.ReadReplyAsync();
        var ehlo = await connection.CommandAsync("EHLO client.remote.test");

        Assert.Equal($"220 {ServerProcess.HostName} ESMTP Mizugiwa", greeting.LastLine);
        Assert.Equal($"250-{ServerProcess.HostName}", ehlo.Lines[0]);
        Assert.Contains("250-PIPELINING", ehlo.Lines);
        Assert.Contains("250-STARTTLS", ehlo.Lines);
    }

    /// <summary>
    /// SMTP smuggling: a bare-LF "end of data" followed by a second transaction inside the DATA of
    /// the first. The server must see one message, refuse it for the bare LF, and run none of the
    /// smuggled commands.
    /// </summary>
    [Fact]
    public async Task Smuggled_transaction_after_bare_lf_dot_gets_one_550_5_6_0_and_nothing_is_delivered()
    {
        var token = TestMail.NewToken("smuggle");
        await using var connection = await RawSmtpConnection.ConnectAsync(_server.Port);
        Assert.Equal(220, (await connection.ReadReplyAsync()).Code);
        Assert.Equal(250, (await connection.CommandAsync("EHLO client.remote.test")).Code);
        Assert.Equal(250, (await connection.CommandAsync("MAIL FROM:<s@remote.test>")).Code);
        Assert.Equal(250, (await connection.CommandAsync($"RCPT TO:<{ServerProcess.Alice}>")).Code);
        Assert.Equal(354, (await connection.CommandAsync("DATA")).Code);

        await connection.SendRawAsync(
            $"Subject: outer {token}\r\n\r\nouter body\n.\n" +
            "MAIL FROM:<admin@example.test>\r\n" +
            $"RCPT TO:<{ServerProcess.Alice}>\r\n" +
            "DATA\r\n" +
            $"From: admin@example.test\r\nSubject: smuggled {token}\r\n\r\nsmuggled body\r\n" +
            ".\r\n");
        var endOfData = await connection.ReadReplyAsync();
        await connection.SendLineAsync("QUIT");
        var rest = await connection.ReadRepliesUntilClosedAsync();

        Assert.StartsWith("550 5.6.0 ", endOfData.LastLine);
        // Had the smuggled MAIL, RCPT and DATA been run, their replies would come before the 221.
        Assert.Equal(["221 2.0.0 Bye"], rest.Select(r => r.LastLine));

        // Mail sent after the attempt is delivered; by then anything smuggled would be too.
        var control = TestMail.NewToken("after-smuggle");
        await using (var after = await RawSmtpConnection.ConnectAsync(_server.Port))
        {
            await after.ReadReplyAsync();
            await after.CommandAsync("EHLO client.remote.test");
            await after.CommandAsync("MAIL FROM:<s@remote.test>");
            await after.CommandAsync($"RCPT TO:<{ServerProcess.Alice}>");
            await after.CommandAsync("DATA");
            Assert.Equal(250, (await after.CommandAsync($"Subject: {control}\r\n\r\ncontrol\r\n.")).Code);
        }
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(control);
        await _server.WaitForEmptyQueueAsync();
        Assert.Empty(_server.Mailbox(ServerProcess.Alice).MessagesContaining(token));
    }

    /// <summary>
    /// RFC 2920 §3.1: message content may start a group, so "." and the next command (here QUIT)
    /// may arrive in one write; the next command must be answered without waiting for more input.
    /// </summary>
    [Fact]
    public async Task Command_pipelined_after_end_of_data_is_answered_without_more_input()
    {
        var token = TestMail.NewToken("dot-quit");
        await using var connection = await RawSmtpConnection.ConnectAsync(_server.Port);
        Assert.Equal(220, (await connection.ReadReplyAsync()).Code);
        Assert.Equal(250, (await connection.CommandAsync("EHLO client.remote.test")).Code);
        Assert.Equal(250, (await connection.CommandAsync("MAIL FROM:<s@remote.test>")).Code);
        Assert.Equal(250, (await connection.CommandAsync($"RCPT TO:<{ServerProcess.Alice}>")).Code);
        Assert.Equal(354, (await connection.CommandAsync("DATA")).Code);

        await connection.SendRawAsync($"Subject: {token}\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        var queued = await connection.ReadReplyAsync();
        var quit = await connection.ReadReplyAsync(TimeSpan.FromSeconds(5));

        Assert.StartsWith("250 2.0.0 Ok: queued as ", queued.LastLine);
        Assert.Equal("221 2.0.0 Bye", quit.LastLine);
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
    }
}
