using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>Bounded literals and the autologout timer.</summary>
public sealed class LimitTests : IDisposable
{
    private readonly TestMaildir _maildir = new();

    [Fact]
    public async Task A_literal_over_the_limit_is_refused_before_it_is_sent_and_the_session_goes_on()
    {
        await using var server = new ImapTestServer(_maildir);
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        await client.LoginAsync();
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX {{200000}}\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] literal of 200000 octets is over the limit of 100000", await client.ReadLineAsync());
        tag = client.NextTag();
        await client.SendAsync($"{tag} SEARCH SUBJECT {{5000}}\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] literal of 5000 octets is over the limit of 1000", await client.ReadLineAsync());
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task A_silent_client_is_logged_out_with_BYE()
    {
        await using var server = new ImapTestServer(_maildir, idleTimeout: TimeSpan.FromMilliseconds(300));
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        Assert.Equal("* BYE Autologout; idle for too long", await client.ReadLineAsync());
    }

    [Fact]
    public async Task At_shutdown_a_waiting_or_idling_client_gets_BYE_at_once()
    {
        await using var server = new ImapTestServer(_maildir);
        await using var waiting = await ImapTestClient.ConnectAsync(server.Port);
        await using var idling = await ImapTestClient.ConnectAsync(server.Port);
        await idling.LoginAsync();
        await idling.CommandAsync("SELECT INBOX");
        await idling.SendAsync(idling.NextTag() + " IDLE\r\n");
        Assert.StartsWith("+ ", await idling.ReadLineAsync());

        await server.BeginStoppingAsync();

        Assert.Equal("* BYE Server shutting down", await waiting.ReadLineAsync());
        Assert.Equal("* BYE Server shutting down", await idling.ReadLineAsync());
    }

    [Fact]
    public async Task Append_and_copy_over_the_quota_get_OVERQUOTA_and_store_nothing()
    {
        _maildir.Deliver(Support.TestMaildir.Simple("kept"));
        await using var server = new ImapTestServer(_maildir, space: new NoRoom());
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        await client.LoginAsync();
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX {{9}}\r\n");
        Assert.StartsWith("+ ", await client.ReadLineAsync());
        await client.SendAsync("Subject: \r\n");
        Assert.Equal($"{tag} NO [OVERQUOTA] the mailbox is full", (await client.ReadUntilTaggedAsync(tag))[^1]);
        await client.CommandAsync("SELECT INBOX");
        Assert.Equal("NO [OVERQUOTA] the mailbox is full", await client.ResultAsync("COPY 1 INBOX"));
        Assert.Single(Directory.GetFiles(Path.Combine(_maildir.Inbox, "cur")));
    }

    private sealed class NoRoom : Mizugiwa.Core.IMailboxSpace
    {
        public ValueTask<bool> HasRoomAsync(string mailbox, long bytes, CancellationToken cancellationToken) => ValueTask.FromResult(false);
        public ValueTask<bool> HasRoomUnderAsync(string mailbox, long? ownQuota, long bytes, CancellationToken cancellationToken) => ValueTask.FromResult(false);
        public ValueTask<Mizugiwa.Core.MailboxQuota?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken) =>
            ValueTask.FromResult<Mizugiwa.Core.MailboxQuota?>(new Mizugiwa.Core.MailboxQuota(1024, 1024));
    }

    public void Dispose() => _maildir.Dispose();
}
