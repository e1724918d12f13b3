using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

public sealed class QueueManagerTests : IAsyncLifetime
{
    private static readonly QueueManagerOptions Options = new(3, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = Messages.Clock();
    private readonly GroupCommitter _committer = new();
    private readonly List<QueueManager> _managers = [];

    private string SpoolDirectory => Path.Combine(_dir.Path, "spool");
    private string MailRoot => Path.Combine(_dir.Path, "mail");
    private string Queue => Path.Combine(SpoolDirectory, "queue");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.StopAsync(CancellationToken.None);
            manager.Dispose();
        }
        _committer.Dispose();
        _dir.Dispose();
    }

    private FileSpool NewSpool() => new(SpoolDirectory, _committer, _time, NullLogger<FileSpool>.Instance);

    private async Task<QueueManager> StartAsync(FileSpool spool)
    {
        var manager = new QueueManager(spool, MailRoot, Options, _time, NullLogger<QueueManager>.Instance);
        _managers.Add(manager);
        await manager.StartAsync(CancellationToken.None);
        return manager;
    }

    private static Task IdleAsync(QueueManager manager) => manager.WaitForIdleAsync(CancellationToken.None).WaitAsync(Messages.Timeout);

    private string[] Delivered(string mailbox) => Directory.GetFiles(Path.Combine(MailRoot, mailbox, "new"));

    private string DoneFile(string id) => Path.Combine(Queue, id + ".done");

    private async Task StopAsync(QueueManager manager)
    {
        _managers.Remove(manager);
        await manager.StopAsync(CancellationToken.None);
        manager.Dispose();
    }

    private void Unblock(string mailbox) => File.Delete(Path.Combine(MailRoot, mailbox));

    private void Block(string mailbox)
    {
        Directory.CreateDirectory(Path.Combine(MailRoot, "example.test"));
        File.WriteAllText(Path.Combine(MailRoot, mailbox), "a file where the Maildir should be");
    }

    [Fact]
    public async Task Delivers_to_every_recipient_and_empties_the_queue()
    {
        var spool = NewSpool();
        var manager = await StartAsync(spool);

        await Messages.CommitAsync(spool, Messages.Body("hi"), "alice@example.test", "bob@example.test", "postmaster");
        await IdleAsync(manager);

        foreach (var maildir in new[] { "example.test/alice", "example.test/bob", "postmaster" })
        {
            string file = Assert.Single(Delivered(maildir));
            // Final delivery records the envelope sender (RFC 5321 §4.4) above the message as received.
            Assert.Equal("Return-Path: <sender@example.org>\r\n" + Messages.Body("hi"), await File.ReadAllTextAsync(file));
            Assert.Empty(Directory.GetFiles(Path.Combine(MailRoot, maildir, "tmp")));
        }
        Assert.Empty(Directory.GetFiles(Queue));
        Assert.Equal(0, manager.PendingCount);
    }

    [Fact]
    public async Task Delivers_concurrent_messages_under_unique_names()
    {
        var spool = NewSpool();
        var manager = await StartAsync(spool);

        for (int i = 0; i < 10; i++) await Messages.CommitAsync(spool, Messages.Body($"message {i}"), "alice@example.test");
        await IdleAsync(manager);

        var bodies = await Task.WhenAll(Delivered("example.test/alice").Select(f => File.ReadAllTextAsync(f)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "Return-Path: <sender@example.org>\r\n" + Messages.Body($"message {i}")).Order(), bodies.Order());
    }

    [Fact]
    public async Task Recovers_messages_left_in_the_queue()
    {
        await Messages.CommitAsync(NewSpool(), Messages.Body("before the crash"), "alice@example.test");

        var manager = await StartAsync(NewSpool());
        await IdleAsync(manager);

        Assert.Equal("Return-Path: <sender@example.org>\r\n" + Messages.Body("before the crash"), await File.ReadAllTextAsync(Assert.Single(Delivered("example.test/alice"))));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task Skips_recipients_listed_in_the_done_file_and_ignores_a_torn_last_line()
    {
        string id = await Messages.CommitAsync(NewSpool(), Messages.Body("half done"), "alice@example.test", "bob@example.test", "carol@example.test");
        await File.WriteAllTextAsync(DoneFile(id), "alice@example.test\ncarol@exam");

        var manager = await StartAsync(NewSpool());
        await IdleAsync(manager);

        Assert.False(Directory.Exists(Path.Combine(MailRoot, "example.test", "alice")));
        Assert.Single(Delivered("example.test/bob"));
        Assert.Single(Delivered("example.test/carol"));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task A_message_whose_done_file_lists_every_recipient_is_only_removed()
    {
        string id = await Messages.CommitAsync(NewSpool(), Messages.Body("all done"), "alice@example.test", "bob@example.test");
        await File.WriteAllTextAsync(DoneFile(id), "bob@example.test\nalice@example.test\n");

        var manager = await StartAsync(NewSpool());
        await IdleAsync(manager);

        Assert.False(Directory.Exists(Path.Combine(MailRoot, "example.test")));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task A_restart_does_not_redeliver_recipients_delivered_before_it()
    {
        Block("example.test/bob");
        var spool = NewSpool();
        var manager = await StartAsync(spool);
        string id = await Messages.CommitAsync(spool, Messages.Body("restart"), "alice@example.test", "bob@example.test");
        await IdleAsync(manager);
        Assert.Equal("alice@example.test\n", await File.ReadAllTextAsync(DoneFile(id)));
        await StopAsync(manager);

        Unblock("example.test/bob");
        manager = await StartAsync(NewSpool());
        await IdleAsync(manager);

        Assert.Single(Delivered("example.test/alice"));
        Assert.Single(Delivered("example.test/bob"));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task A_failed_recipient_is_retried_after_the_delay_and_others_are_not_redelivered()
    {
        Block("example.test/bob");
        var spool = NewSpool();
        var manager = await StartAsync(spool);

        string id = await Messages.CommitAsync(spool, Messages.Body("retry"), "alice@example.test", "bob@example.test");
        await IdleAsync(manager);

        Assert.Single(Delivered("example.test/alice"));
        Assert.Equal(1, manager.PendingCount);
        Assert.Equal("alice@example.test\n", await File.ReadAllTextAsync(DoneFile(id)));

        Unblock("example.test/bob");
        _time.Advance(Options.MinRetryDelay - TimeSpan.FromSeconds(1));
        await IdleAsync(manager);
        Assert.Equal(1, manager.PendingCount);
        Assert.False(Directory.Exists(Path.Combine(MailRoot, "example.test", "bob")));

        _time.Advance(TimeSpan.FromSeconds(1));
        await IdleAsync(manager);

        Assert.Equal(0, manager.PendingCount);
        Assert.Single(Delivered("example.test/alice"));
        Assert.Single(Delivered("example.test/bob"));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task The_retry_delay_doubles_with_each_attempt()
    {
        Block("example.test/bob");
        var spool = NewSpool();
        var manager = await StartAsync(spool);
        await Messages.CommitAsync(spool, Messages.Body("stubborn"), "bob@example.test");
        await IdleAsync(manager);

        _time.Advance(TimeSpan.FromMinutes(1)); // second attempt, fails: the next comes 2 minutes later
        await IdleAsync(manager);
        Unblock("example.test/bob");
        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        await IdleAsync(manager);
        Assert.False(Directory.Exists(Path.Combine(MailRoot, "example.test", "bob")));
        Assert.Equal(1, manager.PendingCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        await IdleAsync(manager);
        Assert.Single(Delivered("example.test/bob"));
        Assert.Equal(0, manager.PendingCount);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void Retry_delay_doubles_up_to_the_maximum(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Options.RetryDelay(attempts));
}
