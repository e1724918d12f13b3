using System.Globalization;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>Python's smtplib and a raw Python socket (Scripts/smtp_client.py) against the real server.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class PythonClientTests(SharedServerFixture fixture)
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Scripts", "smtp_client.py");

    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task Pipelined_commands_in_one_write_get_one_reply_each_in_order()
    {
        var token = TestMail.NewToken("pipelined");

        var result = await RunScriptAsync("pipelining", token);

        var codes = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..3]);
        // greeting, EHLO, MAIL, RCPT alice, RCPT nobody, RCPT bob, DATA, end of data, QUIT
        Assert.Equal(["220", "250", "250", "250", "550", "250", "354", "250", "221"], codes);
        var alice = await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var bob = await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
        Assert.Contains($"pipelined body {token}", alice.Text);
        Assert.Equal(alice.Text[alice.Text.IndexOf("Subject:", StringComparison.Ordinal)..], bob.Text[bob.Text.IndexOf("Subject:", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Smtplib_starttls_with_an_unverified_context_delivers()
    {
        var token = TestMail.NewToken("py-tls");

        var result = await RunScriptAsync("starttls", token);

        Assert.Matches(@"^TLS TLSv1\.[23]\s*$", result.StandardOutput);
        var delivered = await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        Assert.Contains(" with ESMTPS id ", delivered.FirstReceivedHeader);
        Assert.Contains($"Sent by smtplib, token {token}.", delivered.Text);
    }

    [Fact]
    public async Task Smtplib_send_message_to_an_account_and_an_alias_delivers_once_per_mailbox()
    {
        var token = TestMail.NewToken("py-two");

        var result = await RunScriptAsync("two-rcpt", token);

        Assert.Equal("REFUSED 0", result.StandardOutput.Trim());
        var alice = await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var bob = await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
        await _server.WaitForEmptyQueueAsync();
        // bob is named directly and through sales: still one copy.
        Assert.Single(_server.Mailbox(ServerProcess.Bob).MessagesContaining(token));
        Assert.Single(_server.Mailbox(ServerProcess.Alice).MessagesContaining(token));
        Assert.Equal(TestMail.MessageIdFor(token), alice.MessageId);
        Assert.Contains($"Subject: python {token}", bob.Text);
        Assert.Contains("To: bob@example.test, sales@example.test", bob.Text);
    }

    private async Task<ProcessResult> RunScriptAsync(string mode, string token)
    {
        var result = await ExternalProcess.RunAsync("python3",
            [Script, mode, "127.0.0.1", _server.Port.ToString(CultureInfo.InvariantCulture), token]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
