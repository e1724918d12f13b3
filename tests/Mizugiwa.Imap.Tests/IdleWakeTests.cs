using System.Text;
using Mizugiwa.Imap.Tests.Support;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// IDLE hears of what this process does to the folder at once, not at its next look: the look here is an
/// hour away, so only the word from the delivery (or the other session's APPEND, STORE or EXPUNGE) can wake it
/// within the client's 10 s read timeout.
/// </summary>
public sealed class IdleWakeTests : IAsyncLifetime
{
    private readonly TestMaildir _maildir = new();
    private ImapTestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new ImapTestServer(_maildir, idlePoll: TimeSpan.FromHours(1));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _maildir.Dispose();
    }

    private async Task<(ImapTestClient Client, string Tag)> IdleInInboxAsync()
    {
        var client = await ImapTestClient.ConnectAsync(_server.Port);
        await client.LoginAsync();
        await client.CommandAsync("SELECT INBOX");
        var tag = client.NextTag();
        await client.SendAsync($"{tag} IDLE\r\n");
        Assert.StartsWith("+ ", await client.ReadLineAsync());
        return (client, tag);
    }

    [Fact]
    public async Task A_delivery_by_this_process_wakes_idle_at_once()
    {
        var (client, tag) = await IdleInInboxAsync();
        await using var _ = client;
        var source = Path.Combine(_maildir.Root, "incoming.eml");
        await File.WriteAllTextAsync(source, TestMaildir.Simple("delivered while idle"));
        using var committer = new GroupCommitter();
        await new MaildirWriter(committer, TimeProvider.System).DeliverAsync(_maildir.Inbox, ReadOnlyMemory<byte>.Empty, source, 0, new FileInfo(source).Length, CancellationToken.None);

        Assert.Equal("* 1 EXISTS", await client.ReadLineAsync());
        await client.SendAsync("DONE\r\n");
        Assert.Equal($"{tag} OK IDLE terminated", (await client.ReadUntilTaggedAsync(tag))[^1]);
    }

    [Fact]
    public async Task An_append_by_another_session_wakes_idle_at_once()
    {
        var (client, _) = await IdleInInboxAsync();
        await using var idling = client;
        await using var other = await ImapTestClient.ConnectAsync(_server.Port);
        await other.LoginAsync();
        var message = TestMaildir.Simple("appended while idle").Replace("\n", "\r\n", StringComparison.Ordinal);
        await other.SendAsync($"{other.NextTag()} APPEND INBOX {{{Encoding.ASCII.GetByteCount(message)}+}}\r\n{message}\r\n");
        Assert.StartsWith("OK", (await other.ReadUntilTaggedAsync(other.LastTag))[^1][(other.LastTag.Length + 1)..]);

        Assert.Equal("* 1 EXISTS", await idling.ReadLineAsync());
    }

    [Fact]
    public async Task Another_sessions_STORE_and_EXPUNGE_wake_idle_at_once()
    {
        _maildir.Deliver(TestMaildir.Simple("first"));
        _maildir.Deliver(TestMaildir.Simple("second"));
        await using var other = await ImapTestClient.ConnectAsync(_server.Port);
        await other.LoginAsync();
        Assert.StartsWith("OK", await other.ResultAsync("SELECT INBOX"));
        var (client, _) = await IdleInInboxAsync();
        await using var idling = client;

        Assert.StartsWith("OK", await other.ResultAsync("STORE 1 +FLAGS.SILENT (\\Seen)"));
        Assert.Matches(@"^\* 1 FETCH \(UID 1 FLAGS \(\\Seen( \\Recent)?\)\)$", await idling.ReadLineAsync());

        Assert.StartsWith("OK", await other.ResultAsync("STORE 2 +FLAGS.SILENT (\\Deleted)"));
        Assert.StartsWith("* 2 FETCH", await idling.ReadLineAsync());
        Assert.StartsWith("OK", await other.ResultAsync("EXPUNGE"));
        Assert.Equal("* 2 EXPUNGE", await idling.ReadLineAsync());
    }
}
