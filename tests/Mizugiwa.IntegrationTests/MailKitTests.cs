using MailKit.Net.Smtp;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>MailKit's SmtpClient against the real server over loopback.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class MailKitTests(SharedServerFixture fixture)
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task Plain_send_is_delivered_to_the_recipients_maildir()
    {
        var token = TestMail.NewToken("plain");

        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            Assert.False(client.IsSecure);
            await client.SendAsync(TestMail.Create(token, ServerProcess.Alice, $"Body of {token}\r\n"));
            await client.DisconnectAsync(quit: true);
        }

        var delivered = await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        Assert.Equal(TestMail.MessageIdFor(token), delivered.MessageId);
        Assert.Contains($"Body of {token}", delivered.Text);
        Assert.StartsWith("Received: from client.remote.test (unknown [127.0.0.1])", delivered.FirstReceivedHeader);
        Assert.Contains($"by {ServerProcess.HostName} (Mizugiwa) with ESMTP id ", delivered.FirstReceivedHeader);
    }

    [Fact]
    public async Task StartTls_send_is_delivered_and_the_received_header_names_the_tls_version()
    {
        var token = TestMail.NewToken("starttls");

        using (var client = await TestMail.ConnectAsync(_server.Port, startTls: true))
        {
            Assert.True(client.IsSecure);
            await client.SendAsync(TestMail.Create(token, ServerProcess.Alice));
            await client.DisconnectAsync(quit: true);
        }

        var received = (await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token)).FirstReceivedHeader;
        Assert.Contains(" with ESMTPS id ", received);
        Assert.True(received.Contains("(using TLSv1.3 with cipher ", StringComparison.Ordinal)
            || received.Contains("(using TLSv1.2 with cipher ", StringComparison.Ordinal), received);
    }

    [Fact]
    public async Task Unknown_local_user_is_refused_with_550_5_1_1()
    {
        using var client = await TestMail.ConnectAsync(_server.Port);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.SendAsync(TestMail.Create(TestMail.NewToken("unknown"), "nobody@example.test")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, refused.StatusCode);
        Assert.Equal(550, (int)refused.StatusCode);
        Assert.Contains("5.1.1", refused.Message);
    }

    [Fact]
    public async Task Relaying_to_a_foreign_domain_is_refused_with_554_5_7_1()
    {
        using var client = await TestMail.ConnectAsync(_server.Port);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.SendAsync(TestMail.Create(TestMail.NewToken("relay"), "victim@elsewhere.test")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Equal(554, (int)refused.StatusCode);
        Assert.Contains("5.7.1", refused.Message);
    }

    [Fact]
    public async Task Non_ascii_recipient_is_delivered_with_smtputf8()
    {
        var token = TestMail.NewToken("utf8");

        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.UTF8));
            await client.SendAsync(TestMail.Create(token, ServerProcess.Utf8User));
            await client.DisconnectAsync(quit: true);
        }

        var delivered = await _server.Mailbox(ServerProcess.Utf8User).WaitForMessageAsync(token);
        Assert.Contains(" with UTF8SMTP id ", delivered.FirstReceivedHeader);
        Assert.Contains($"for <{ServerProcess.Utf8User}>", delivered.FirstReceivedHeader);
    }

    [Fact]
    public async Task Rejected_recipient_is_logged_on_one_grepable_line()
    {
        var nobody = $"nobody-{Guid.NewGuid():N}@example.test";
        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            await Assert.ThrowsAsync<SmtpCommandException>(
                () => client.SendAsync(TestMail.Create(TestMail.NewToken("log"), nobody)));
        }

        var line = await _server.WaitForOutputLineAsync(l => l.Contains($"to=<{nobody}>", StringComparison.Ordinal));
        Assert.Contains("stage=RCPT", line);
        Assert.Contains("client=127.0.0.1", line);
        Assert.Contains("from=<s@remote.test>", line);
        Assert.Contains("reply=\"550 5.1.1", line);
    }

    [Fact]
    public async Task Twenty_concurrent_clients_each_sending_five_messages_are_all_delivered_exactly_once()
    {
        const int Clients = 20, MessagesPerClient = 5;
        var run = TestMail.NewToken("concurrent");
        var expected = Enumerable.Range(0, Clients * MessagesPerClient).Select(i => TestMail.MessageIdFor($"{run}-{i}")).ToHashSet();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            using var client = await TestMail.ConnectAsync(_server.Port);
            for (int m = 0; m < MessagesPerClient; m++)
                await client.SendAsync(TestMail.Create($"{run}-{c * MessagesPerClient + m}", ServerProcess.Alice));
            await client.DisconnectAsync(quit: true);
        }));

        await _server.Mailbox(ServerProcess.Alice).WaitForMessagesAsync(run, expected.Count);
        await _server.WaitForEmptyQueueAsync();
        var delivered = _server.Mailbox(ServerProcess.Alice).MessagesContaining(run);
        var ids = delivered.Select(m => m.MessageId!).ToList();
        Assert.Equal(expected.Count, ids.Count);
        Assert.Equal(expected.Order(), ids.Order());
    }

    [Fact]
    public async Task Alias_recipient_reaches_every_target()
    {
        var token = TestMail.NewToken("alias");

        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            await client.SendAsync(TestMail.Create(token, ServerProcess.Sales));
            await client.DisconnectAsync(quit: true);
        }

        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
    }
}
